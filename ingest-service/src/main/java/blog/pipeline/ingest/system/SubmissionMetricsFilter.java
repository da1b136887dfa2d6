package blog.pipeline.ingest.system;

import java.io.IOException;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Counts every change an editor sends: {@code pipeline.posts.accepted{operation}} for a 202, and
 * {@code pipeline.posts.rejected{reason}} for every refusal, whichever filter or handler refused it. Outermost, so
 * that refusals of the token and size filters count too.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class SubmissionMetricsFilter extends OncePerRequestFilter {

	private static final Map<Integer, String> REASONS = Map.ofEntries(Map.entry(400, "invalid"),
			Map.entry(401, "unauthorized"), Map.entry(404, "not-found"), Map.entry(405, "method-not-allowed"),
			Map.entry(409, "slug-taken"), Map.entry(412, "version-mismatch"), Map.entry(413, "too-large"),
			Map.entry(415, "unsupported-media-type"), Map.entry(422, "idempotency-key-reused"),
			Map.entry(503, "kafka-unavailable"));

	private final MeterRegistry registry;

	SubmissionMetricsFilter(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String method = request.getMethod();
		return !request.getRequestURI().startsWith("/api/posts")
				|| !(method.equals("POST") || method.equals("PUT") || method.equals("DELETE"));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		finally {
			count(request.getMethod(), response.getStatus());
		}
	}

	private void count(String method, int status) {
		if (status == HttpServletResponse.SC_ACCEPTED) {
			Counter.builder("pipeline.posts.accepted")
				.description("Changes of posts accepted (stored in Kafka) by the editors' API")
				.tag("operation", method.toLowerCase())
				.register(this.registry)
				.increment();
		}
		else if (status >= 400) {
			String reason = REASONS.getOrDefault(status, (status >= 500) ? "server-error" : "other");
			Counter.builder("pipeline.posts.rejected")
				.description("Changes of posts the editors' API refused, by reason")
				.tag("reason", reason)
				.register(this.registry)
				.increment();
		}
	}

}

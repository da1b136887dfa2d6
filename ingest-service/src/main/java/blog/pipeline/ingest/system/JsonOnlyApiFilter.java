package blog.pipeline.ingest.system;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The editors' API speaks only JSON, so it disregards {@code Accept} (as RFC 9110 section 12.5.1 allows) and answers
 * JSON, and problem details as {@code application/problem+json}, whatever the client asked for. Honouring an
 * unsatisfiable {@code Accept} would fail only when the answer is written, after the change was stored: the client
 * would get 406 for a post that was accepted, and an empty error body instead of a problem document.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE - 30)
class JsonOnlyApiFilter extends OncePerRequestFilter {

	private static final String API_PATH = "/api";

	private static final String JSON = MediaType.APPLICATION_JSON_VALUE + ", "
			+ MediaType.APPLICATION_PROBLEM_JSON_VALUE;

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return !(path.equals(API_PATH) || path.startsWith(API_PATH + "/"));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		chain.doFilter(new AcceptsJson(request), response);
	}

	private static final class AcceptsJson extends HttpServletRequestWrapper {

		AcceptsJson(HttpServletRequest request) {
			super(request);
		}

		@Override
		public @Nullable String getHeader(String name) {
			return HttpHeaders.ACCEPT.equalsIgnoreCase(name) ? JSON : super.getHeader(name);
		}

		@Override
		public Enumeration<String> getHeaders(String name) {
			return HttpHeaders.ACCEPT.equalsIgnoreCase(name) ? Collections.enumeration(List.of(JSON))
					: super.getHeaders(name);
		}

		@Override
		public Enumeration<String> getHeaderNames() {
			List<String> names = Collections.list(super.getHeaderNames());
			if (names.stream().noneMatch(HttpHeaders.ACCEPT::equalsIgnoreCase)) {
				names.add(HttpHeaders.ACCEPT);
			}
			return Collections.enumeration(names);
		}

	}

}

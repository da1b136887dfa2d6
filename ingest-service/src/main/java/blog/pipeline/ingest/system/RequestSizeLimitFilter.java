package blog.pipeline.ingest.system;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over {@code pipeline.ingest.max-request-size} with 413 without reading them: at once when
 * {@code Content-Length} says so, else as soon as the body read so far passes the limit. It holds for every path:
 * nothing this service serves takes a larger body, so no spelling of a path can step around it.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE - 10)
class RequestSizeLimitFilter extends OncePerRequestFilter {

	private final long maxBytes;

	private final JsonMapper jsonMapper;

	RequestSizeLimitFilter(IngestProperties properties, JsonMapper jsonMapper) {
		this.maxBytes = properties.maxRequestSize().toBytes();
		this.jsonMapper = jsonMapper;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getContentLengthLong() > this.maxBytes) {
			Map<String, Object> problem = new LinkedHashMap<>();
			problem.put("title", HttpStatus.CONTENT_TOO_LARGE.getReasonPhrase());
			problem.put("status", HttpStatus.CONTENT_TOO_LARGE.value());
			problem.put("detail", tooLarge(this.maxBytes));
			problem.put("instance", request.getRequestURI());
			problem.put(RequestIds.FIELD, RequestIds.of(request));
			response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
			response.setHeader("Connection", "close");
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			response.getOutputStream().write(this.jsonMapper.writeValueAsBytes(problem));
			return;
		}
		chain.doFilter(InspectedBody.of(request, (in) -> new LimitedInputStream(in, this.maxBytes)), response);
	}

	static String tooLarge(long maxBytes) {
		return "The request body is larger than " + maxBytes + " bytes (" + (maxBytes / 1024 / 1024)
				+ " MiB), the most this API reads. A draft's body may have up to 1 MiB of Markdown.";
	}

	/** Signals that a body without (or with a false) Content-Length passed the limit while being read. */
	static class RequestTooLargeException extends IOException {

		final long maxBytes;

		RequestTooLargeException(long maxBytes) {
			super(tooLarge(maxBytes));
			this.maxBytes = maxBytes;
		}

	}

	/** Counts the bytes read and refuses the body once they pass the limit. */
	private static final class LimitedInputStream extends InspectedBody.InspectingInputStream {

		private final long maxBytes;

		private long read;

		LimitedInputStream(ServletInputStream in, long maxBytes) {
			super(in);
			this.maxBytes = maxBytes;
		}

		@Override
		protected void inspect(byte[] bytes, int from, int count) throws RequestTooLargeException {
			this.read += count;
			if (this.read > this.maxBytes) {
				throw new RequestTooLargeException(this.maxBytes);
			}
		}

	}

}

package blog.pipeline.ingest.system;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses API request bodies over {@code pipeline.ingest.max-request-size} with 413 without reading them: at once
 * when {@code Content-Length} says so, else as soon as the body read so far passes the limit.
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
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !request.getRequestURI().startsWith(request.getContextPath() + "/api");
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
		chain.doFilter(new LimitedRequest(request, this.maxBytes), response);
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

	private static final class LimitedRequest extends HttpServletRequestWrapper {

		private final long maxBytes;

		private ServletInputStream limited;

		LimitedRequest(HttpServletRequest request, long maxBytes) {
			super(request);
			this.maxBytes = maxBytes;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.limited == null) {
				this.limited = new LimitedInputStream(super.getInputStream(), this.maxBytes);
			}
			return this.limited;
		}

	}

	private static final class LimitedInputStream extends ServletInputStream {

		private final ServletInputStream in;

		private final long maxBytes;

		private long read;

		LimitedInputStream(ServletInputStream in, long maxBytes) {
			this.in = in;
			this.maxBytes = maxBytes;
		}

		@Override
		public int read() throws IOException {
			int b = this.in.read();
			if (b >= 0) {
				count(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = this.in.read(buffer, offset, length);
			if (n > 0) {
				count(n);
			}
			return n;
		}

		private void count(int n) throws RequestTooLargeException {
			this.read += n;
			if (this.read > this.maxBytes) {
				throw new RequestTooLargeException(this.maxBytes);
			}
		}

		@Override
		public boolean isFinished() {
			return this.in.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.in.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.in.setReadListener(listener);
		}

	}

}

package blog.pipeline.ingest.system;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an id ({@link RequestIds}) before any other filter runs: answered in {@code X-Request-Id}, put
 * in the MDC for the request's log lines, and kept for the error dispatch, so that refusals of later filters carry it
 * too.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestIdFilter extends OncePerRequestFilter {

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String id = RequestIds.of(request);
		if (id == null) {
			id = RequestIds.accept(request.getHeader(RequestIds.HEADER));
			request.setAttribute(RequestIds.ATTRIBUTE, id);
		}
		response.setHeader(RequestIds.HEADER, id);
		String outer = MDC.get(RequestIds.FIELD);
		MDC.put(RequestIds.FIELD, id);
		try {
			chain.doFilter(request, response);
		}
		finally {
			if (outer != null) {
				MDC.put(RequestIds.FIELD, outer);
			}
			else {
				MDC.remove(RequestIds.FIELD);
			}
		}
	}

}

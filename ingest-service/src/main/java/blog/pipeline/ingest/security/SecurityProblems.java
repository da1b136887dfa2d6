package blog.pipeline.ingest.security;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import blog.pipeline.ingest.system.RequestIds;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Writes the security chain's refusals (400, 401, 403) as RFC 9457 problem documents with the request id, as every
 * other error of the API. They are written here, not by an error dispatch, because a refused request must not reach
 * any controller, the error page's included.
 */
final class SecurityProblems {

	private final JsonMapper json;

	SecurityProblems(JsonMapper json) {
		this.json = json;
	}

	void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail,
			@Nullable String challenge) throws IOException {
		write(request, response, status, detail, challenge, Map.of());
	}

	void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail,
			@Nullable String challenge, Map<String, String> properties) throws IOException {
		if (response.isCommitted()) {
			return;
		}
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("title", status.getReasonPhrase());
		problem.put("status", status.value());
		problem.put("detail", detail);
		// The raw path may be anything an attacker sent; only a canonical one is echoed.
		String uri = request.getRequestURI();
		if (uri != null && uri.matches("[A-Za-z0-9/._~-]{1,512}")) {
			problem.put("instance", uri);
		}
		problem.putAll(properties);
		String requestId = RequestIds.of(request);
		if (requestId != null) {
			problem.put(RequestIds.FIELD, requestId);
		}
		response.resetBuffer();
		response.setStatus(status.value());
		if (challenge != null) {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge);
		}
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.getOutputStream().write(this.json.writeValueAsBytes(problem));
		response.flushBuffer();
	}

}

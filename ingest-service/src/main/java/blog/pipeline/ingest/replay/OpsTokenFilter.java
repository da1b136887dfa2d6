package blog.pipeline.ingest.replay;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets only operators with a configured bearer token ({@link OpsProperties}) reach {@code /ops/**}: a replay
 * rewrites the whole site, so editors' tokens do not open it. Tokens are compared as SHA-256 digests in constant time
 * and never logged.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE - 20)
class OpsTokenFilter extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(OpsTokenFilter.class);

	private static final String OPS_PATH = "/ops";

	private static final String BEARER_PREFIX = "bearer ";

	private final List<byte[]> tokenDigests;

	private final JsonMapper json;

	OpsTokenFilter(OpsProperties properties, JsonMapper json) {
		this.tokenDigests = properties.tokens().stream().map(OpsTokenFilter::digest).toList();
		this.json = json;
		if (this.tokenDigests.isEmpty()) {
			log.warn("No operator tokens configured (pipeline.ops.tokens): every /ops request will be refused");
		}
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return !(path.equals(OPS_PATH) || path.startsWith(OPS_PATH + "/"));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		boolean bearer = authorization != null && authorization.length() > BEARER_PREFIX.length()
				&& authorization.regionMatches(true, 0, BEARER_PREFIX, 0, BEARER_PREFIX.length());
		if (!bearer) {
			refuse(request, response, "Bearer",
					"This endpoint needs an operator token: Authorization: Bearer <token>.");
			return;
		}
		byte[] presented = digest(authorization.substring(BEARER_PREFIX.length()).strip());
		boolean known = false;
		// compare against every token, without stopping early, so timing tells nothing about which one matched
		for (byte[] candidate : this.tokenDigests) {
			known |= MessageDigest.isEqual(candidate, presented);
		}
		if (!known) {
			log.warn("Refused {} {}: unknown operator token", request.getMethod(), request.getRequestURI());
			refuse(request, response, "Bearer error=\"invalid_token\"", "The operator token is not valid.");
			return;
		}
		chain.doFilter(request, response);
	}

	private void refuse(HttpServletRequest request, HttpServletResponse response, String challenge, String detail)
			throws IOException {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("title", HttpStatus.UNAUTHORIZED.getReasonPhrase());
		problem.put("status", HttpStatus.UNAUTHORIZED.value());
		problem.put("detail", detail);
		problem.put("instance", request.getRequestURI());
		response.setStatus(HttpStatus.UNAUTHORIZED.value());
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge);
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.getOutputStream().write(this.json.writeValueAsBytes(problem));
	}

	private static byte[] digest(String token) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java platform must provide SHA-256", ex);
		}
	}

}

package blog.pipeline.ingest.system;

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
import org.jspecify.annotations.Nullable;
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
 * Lets only editors with a configured bearer token reach {@code /api/**}; everything else (actuator) stays open.
 * Tokens are compared as SHA-256 digests in constant time and never logged.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE - 20)
class EditorTokenFilter extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(EditorTokenFilter.class);

	private static final String API_PATH = "/api";

	private static final String BEARER_PREFIX = "bearer ";

	private final List<byte[]> tokenDigests;

	private final JsonMapper jsonMapper;

	EditorTokenFilter(IngestProperties properties, JsonMapper jsonMapper) {
		this.tokenDigests = properties.editorTokens().stream().map(EditorTokenFilter::digest).toList();
		this.jsonMapper = jsonMapper;
		if (this.tokenDigests.isEmpty()) {
			log.warn("No editor tokens configured (pipeline.ingest.editor-tokens): every API request will be refused");
		}
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return !(path.equals(API_PATH) || path.startsWith(API_PATH + "/"));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String presented = bearerToken(request.getHeader(HttpHeaders.AUTHORIZATION));
		if (presented == null) {
			log.debug("Refused {} {}: no bearer token", request.getMethod(), request.getRequestURI());
			unauthorized(request, response, "Bearer", "This API needs an editor token: Authorization: Bearer <token>.");
			return;
		}
		if (!isKnown(presented)) {
			log.warn("Refused {} {}: unknown bearer token", request.getMethod(), request.getRequestURI());
			unauthorized(request, response, "Bearer error=\"invalid_token\"", "The editor token is not valid.");
			return;
		}
		chain.doFilter(request, response);
	}

	private static @Nullable String bearerToken(@Nullable String authorization) {
		if (authorization == null || authorization.length() <= BEARER_PREFIX.length()
				|| !authorization.regionMatches(true, 0, BEARER_PREFIX, 0, BEARER_PREFIX.length())) {
			return null;
		}
		String token = authorization.substring(BEARER_PREFIX.length()).strip();
		return token.isEmpty() ? null : token;
	}

	private boolean isKnown(String token) {
		byte[] presented = digest(token);
		boolean known = false;
		// Compare against every token, without stopping early, so timing tells nothing about which one matched.
		for (byte[] candidate : this.tokenDigests) {
			known |= MessageDigest.isEqual(candidate, presented);
		}
		return known;
	}

	private void unauthorized(HttpServletRequest request, HttpServletResponse response, String challenge,
			String detail) throws IOException {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("title", HttpStatus.UNAUTHORIZED.getReasonPhrase());
		problem.put("status", HttpStatus.UNAUTHORIZED.value());
		problem.put("detail", detail);
		problem.put("instance", request.getRequestURI());
		response.setStatus(HttpStatus.UNAUTHORIZED.value());
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge);
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.getOutputStream().write(this.jsonMapper.writeValueAsBytes(problem));
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

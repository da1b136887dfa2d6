package blog.pipeline.ingest.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * A set of bearer tokens one kind of caller may present (editors, operators). Tokens are kept and compared as
 * SHA-256 digests in constant time, so neither memory dumps nor timing tell them.
 */
public final class BearerTokens {

	private static final String BEARER_PREFIX = "bearer ";

	/** What a request presented. */
	public enum Presented {

		/** No bearer token at all. */
		NONE,
		/** A token that is not one of these. */
		UNKNOWN,
		/** One of these tokens. */
		KNOWN

	}

	private final List<byte[]> digests;

	public BearerTokens(List<String> tokens) {
		this.digests = tokens.stream().map(BearerTokens::digest).toList();
	}

	public boolean isEmpty() {
		return this.digests.isEmpty();
	}

	/** Which kind of token the request's {@code Authorization} header presents. */
	public Presented check(HttpServletRequest request) {
		String token = bearerToken(request.getHeader(HttpHeaders.AUTHORIZATION));
		if (token == null) {
			return Presented.NONE;
		}
		return isKnown(token) ? Presented.KNOWN : Presented.UNKNOWN;
	}

	/** Answers 401 with the challenge, as a problem document carrying the request id. */
	public static void unauthorized(HttpServletRequest request, HttpServletResponse response, JsonMapper json,
			String challenge, String detail) throws IOException {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("title", HttpStatus.UNAUTHORIZED.getReasonPhrase());
		problem.put("status", HttpStatus.UNAUTHORIZED.value());
		problem.put("detail", detail);
		problem.put("instance", request.getRequestURI());
		String requestId = RequestIds.of(request);
		if (requestId != null) {
			problem.put(RequestIds.FIELD, requestId);
		}
		response.setStatus(HttpStatus.UNAUTHORIZED.value());
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge);
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.getOutputStream().write(json.writeValueAsBytes(problem));
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
		for (byte[] candidate : this.digests) {
			known |= MessageDigest.isEqual(candidate, presented);
		}
		return known;
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

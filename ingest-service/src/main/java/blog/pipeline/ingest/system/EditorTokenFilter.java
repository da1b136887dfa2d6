package blog.pipeline.ingest.system;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
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

	private final BearerTokens tokens;

	private final JsonMapper jsonMapper;

	EditorTokenFilter(IngestProperties properties, JsonMapper jsonMapper) {
		this.tokens = new BearerTokens(properties.editorTokens());
		this.jsonMapper = jsonMapper;
		if (this.tokens.isEmpty()) {
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
		switch (this.tokens.check(request)) {
			case NONE -> {
				log.debug("Refused {} {}: no bearer token", request.getMethod(), request.getRequestURI());
				BearerTokens.unauthorized(request, response, this.jsonMapper, "Bearer",
						"This API needs an editor token: Authorization: Bearer <token>.");
			}
			case UNKNOWN -> {
				log.warn("Refused {} {}: unknown bearer token", request.getMethod(), request.getRequestURI());
				BearerTokens.unauthorized(request, response, this.jsonMapper, "Bearer error=\"invalid_token\"",
						"The editor token is not valid.");
			}
			case KNOWN -> chain.doFilter(request, response);
		}
	}

}

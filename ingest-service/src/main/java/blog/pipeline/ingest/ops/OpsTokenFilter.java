package blog.pipeline.ingest.ops;

import java.io.IOException;
import java.util.Set;

import blog.pipeline.ingest.system.BearerTokens;
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
 * Lets only operators with an ops token reach {@code /ops/**}. The page itself (HTML and script) loads without one:
 * it holds no data and asks for the token, which every JSON call then presents.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE - 20)
class OpsTokenFilter extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(OpsTokenFilter.class);

	static final String OPS_PATH = "/ops";

	/** The page's own files, open to anyone. */
	private static final Set<String> PAGE = Set.of("/ops", "/ops/", "/ops/index.html", "/ops/ops.js", "/ops/ops.css");

	private final BearerTokens tokens;

	private final JsonMapper jsonMapper;

	OpsTokenFilter(OpsProperties properties, JsonMapper jsonMapper) {
		this.tokens = new BearerTokens(properties.tokens());
		this.jsonMapper = jsonMapper;
		if (this.tokens.isEmpty()) {
			log.warn("No ops tokens configured (pipeline.ops.tokens): every ops request will be refused");
		}
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return !(path.startsWith(OPS_PATH + "/")) || PAGE.contains(path);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		switch (this.tokens.check(request)) {
			case NONE -> BearerTokens.unauthorized(request, response, this.jsonMapper, "Bearer",
					"The ops endpoints need an ops token: Authorization: Bearer <token>.");
			case UNKNOWN -> {
				log.warn("Refused {} {}: unknown ops token", request.getMethod(), request.getRequestURI());
				BearerTokens.unauthorized(request, response, this.jsonMapper, "Bearer error=\"invalid_token\"",
						"The ops token is not valid.");
			}
			case KNOWN -> chain.doFilter(request, response);
		}
	}

}

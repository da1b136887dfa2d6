package blog.pipeline.ingest.security;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import blog.pipeline.ingest.security.ApiPrincipal.Role;
import blog.pipeline.support.Secrets;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.security.web.authentication.AuthenticationEntryPointFailureHandler;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.header.HeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * Who may call what, decided by Spring Security before any other filter reads the request: deny by default, an
 * explicit list of what is public, bearer tokens that name a principal and a role ({@link ApiTokens}), and a firewall
 * that refuses every odd spelling of a path ({@link CanonicalPathFirewall}). Refusals are problem documents with the
 * request id ({@link SecurityProblems}).
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
@EnableConfigurationProperties(SecuritySettings.class)
public class ApiSecurityConfiguration {

	private static final Logger log = LoggerFactory.getLogger(ApiSecurityConfiguration.class);

	private static final String REJECTED = "The request was rejected because ";

	/** How the firewall names a header it refused (its value follows, and is never repeated). */
	private static final Pattern REJECTED_HEADER = Pattern.compile("header(?: name)?:? \"([^\"]{1,64}?) ?\"");

	/** The ops page's own files: they hold no data and ask for the token that every JSON call then presents. */
	static final String[] OPS_PAGE = { "/ops", "/ops/", "/ops/index.html", "/ops/ops.js", "/ops/ops.css" };

	/** The OpenAPI document and Swagger UI. */
	static final String[] API_DOCS = { "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**" };

	/** Liveness and readiness on the API's port, for a load balancer or an orchestrator. */
	static final String[] PROBES = { "/livez", "/readyz" };

	/** Pages that load no script and no style of another origin: JSON answers and problem documents. */
	static final String API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

	/** The ops page: its own script and stylesheet, its own JSON calls, nothing inline. */
	static final String OPS_PAGE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
			+ "connect-src 'self'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

	@Bean
	ApiTokens apiTokens(SecuritySettings settings, Environment environment) {
		ApiTokens tokens = ApiTokens.of(settings.editorTokens(), settings.opsTokens(),
				(where, token) -> Secrets.requireStrong(environment, where, token));
		for (Role role : Role.values()) {
			if (tokens.none(role)) {
				log.warn("No {} tokens configured ({}): every such request will be refused", role,
						(role == Role.EDITOR) ? SecuritySettings.EDITOR_SETTING : SecuritySettings.OPS_SETTING);
			}
		}
		return tokens;
	}

	@Bean
	SecurityProblems securityProblems(JsonMapper json) {
		return new SecurityProblems(json);
	}

	@Bean
	WebSecurityCustomizer firewall(SecurityProblems problems) {
		RequestRejectedHandler rejected = (request, response, ex) -> {
			// The firewall's message may quote a header's value (a token, say): it is neither logged nor answered.
			String reason = String.valueOf(ex.getMessage());
			Matcher header = REJECTED_HEADER.matcher(reason);
			if (header.find()) {
				String name = header.group(1);
				log.warn("Refused {} {}: header {} has characters no header may carry", request.getMethod(),
						printable(request.getRequestURI()), printable(name));
				problems.write(request, response, HttpStatus.BAD_REQUEST, "The header " + printable(name) + " has "
						+ "characters that no header may carry (control characters, or others outside visible "
						+ "ASCII).", null, Map.of("header", printable(name)));
				return;
			}
			String rule = reason.startsWith(REJECTED) && !reason.contains("\"") ? reason.substring(REJECTED.length())
					: "it is not in canonical form";
			log.warn("Refused {} {}: {}", request.getMethod(), printable(request.getRequestURI()), rule);
			problems.write(request, response, HttpStatus.BAD_REQUEST, "The request was refused because " + rule
					+ ". Send the path as the API documents it: no ';' parameters, percent-encoded letters, digits, "
					+ "slashes, dots or percent signs, dot segments or empty segments.", null, Map.of());
		};
		return (web) -> web.httpFirewall(new CanonicalPathFirewall()).requestRejectedHandler(rejected);
	}

	/**
	 * The management port: health, info, Prometheus' scrape and the list of those, nothing else. It is meant for the
	 * internal network (Prometheus, probes), never to be published to editors or readers.
	 */
	@Bean
	@Order(1)
	SecurityFilterChain managementChain(HttpSecurity http, SecurityProblems problems) throws Exception {
		http.securityMatcher(EndpointRequest.toAnyEndpoint())
			.authorizeHttpRequests((requests) -> requests
				.requestMatchers(EndpointRequest.to("health", "info", "prometheus"), EndpointRequest.toLinks())
				.permitAll()
				.anyRequest()
				.denyAll());
		return stateless(http, problems).build();
	}

	/** The editors' API and the operators' endpoints: each needs a token of its role; what is not listed is refused. */
	@Bean
	@Order(2)
	SecurityFilterChain apiChain(HttpSecurity http, ApiTokens tokens, SecuritySettings settings,
			SecurityProblems problems) throws Exception {
		AuthenticationFilter bearer = new AuthenticationFilter(bearerAuthentication(tokens), new BearerTokens());
		bearer.setSuccessHandler((request, response, authentication) -> {
			// the chain goes on: a bearer token authenticates this request only
		});
		bearer.setFailureHandler(new AuthenticationEntryPointFailureHandler(entryPoint(problems)));
		http.addFilterAt(bearer, BasicAuthenticationFilter.class)
			.authorizeHttpRequests((requests) -> {
				// An error dispatch renders the problem of a request that was already let through.
				requests.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll();
				requests.requestMatchers(HttpMethod.GET, PROBES).permitAll();
				requests.requestMatchers(HttpMethod.GET, OPS_PAGE).permitAll();
				if (settings.apiDocsPublic()) {
					requests.requestMatchers(HttpMethod.GET, API_DOCS).permitAll();
				}
				else {
					requests.requestMatchers(HttpMethod.GET, API_DOCS).hasAnyRole(Role.EDITOR.name(), Role.OPS.name());
				}
				requests.requestMatchers("/api", "/api/**").hasRole(Role.EDITOR.name());
				requests.requestMatchers("/ops/**").hasRole(Role.OPS.name());
				requests.anyRequest().denyAll();
			})
			.headers((headers) -> headers.addHeaderWriter(contentSecurityPolicy())
				.referrerPolicy((referrer) -> referrer.policy(
						ReferrerPolicy.NO_REFERRER)));
		return stateless(http, problems).build();
	}

	private static HttpSecurity stateless(HttpSecurity http, SecurityProblems problems) throws Exception {
		return http.csrf(AbstractHttpConfigurer::disable)
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache(AbstractHttpConfigurer::disable)
			.securityContext((context) -> context.securityContextRepository(
					new RequestAttributeSecurityContextRepository()))
			.formLogin(AbstractHttpConfigurer::disable)
			.httpBasic(AbstractHttpConfigurer::disable)
			.logout(AbstractHttpConfigurer::disable)
			.anonymous(AbstractHttpConfigurer::disable)
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(entryPoint(problems))
				.accessDeniedHandler(accessDenied(problems)));
	}

	private static AuthenticationManager bearerAuthentication(ApiTokens tokens) {
		return (authentication) -> {
			String token = (String) authentication.getCredentials();
			ApiPrincipal principal = tokens.find(token)
				.orElseThrow(() -> new BadCredentialsException("The token is not valid."));
			return UsernamePasswordAuthenticationToken.authenticated(principal, null,
					AuthorityUtils.createAuthorityList(principal.role().authority()));
		};
	}

	/** 401: no token, or one that names no one. The token itself is never logged. */
	private static AuthenticationEntryPoint entryPoint(SecurityProblems problems) {
		return (request, response, ex) -> {
			boolean presented = ex instanceof BadCredentialsException;
			if (presented) {
				log.warn("Refused {} {}: unknown bearer token", request.getMethod(),
						printable(request.getRequestURI()));
			}
			else {
				log.debug("Refused {} {}: no bearer token", request.getMethod(), printable(request.getRequestURI()));
			}
			problems.write(request, response, HttpStatus.UNAUTHORIZED,
					presented ? "The token is not valid." : "This endpoint needs a token: Authorization: Bearer <token>"
							+ " (an editor's for /api, an operator's for /ops).",
					presented ? "Bearer error=\"invalid_token\"" : "Bearer");
		};
	}

	/** 403: a valid token of the wrong role, or a path no role may use. */
	private static AccessDeniedHandler accessDenied(SecurityProblems problems) {
		return (request, response, ex) -> {
			Object principal = (request.getUserPrincipal() instanceof AbstractAuthenticationToken token)
					? token.getPrincipal() : null;
			log.warn("Refused {} {} for {}: not allowed", request.getMethod(), printable(request.getRequestURI()),
					principal);
			problems.write(request, response, HttpStatus.FORBIDDEN,
					"This token does not open " + request.getMethod() + " on this path: editors' tokens open /api, "
							+ "operators' tokens open /ops, and nothing else is served here.",
					"Bearer error=\"insufficient_scope\"");
		};
	}

	/** The policy for what the API port serves: the ops page's own, none at all for Swagger UI, the strictest else. */
	private static HeaderWriter contentSecurityPolicy() {
		List<String> opsPage = List.of(OPS_PAGE);
		return (request, response) -> {
			if (response.containsHeader("Content-Security-Policy")) {
				return;
			}
			String path = request.getRequestURI();
			if (opsPage.contains(path)) {
				response.setHeader("Content-Security-Policy", OPS_PAGE_POLICY);
			}
			else if (!path.startsWith("/swagger-ui")) {
				response.setHeader("Content-Security-Policy", API_POLICY);
			}
		};
	}

	private static String printable(@Nullable String uri) {
		if (uri == null) {
			return "";
		}
		StringBuilder out = new StringBuilder(Math.min(uri.length(), 200));
		for (int i = 0; i < uri.length() && i < 200; i++) {
			char c = uri.charAt(i);
			out.append((c >= 0x20 && c < 0x7F) ? c : '?');
		}
		return out.toString();
	}

	/** Reads {@code Authorization: Bearer <token>}; anything else is no token (and then 401 where one is needed). */
	private static final class BearerTokens implements AuthenticationConverter {

		private static final String PREFIX = "bearer ";

		@Override
		public @Nullable UsernamePasswordAuthenticationToken convert(HttpServletRequest request) {
			String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
			if (authorization == null || authorization.length() <= PREFIX.length()
					|| !authorization.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
				return null;
			}
			String token = authorization.substring(PREFIX.length()).strip();
			return token.isEmpty() ? null : UsernamePasswordAuthenticationToken.unauthenticated(null, token);
		}

	}

}

package blog.pipeline.ingest.drafts;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import blog.pipeline.ingest.state.RecordingStateLog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Only editors with a valid token reach the API: every method on every path under {@code /api/posts} answers 401
 * without one, the token never shows in a log, and an {@code Idempotency-Key} must have a sane shape.
 */
@DraftApiSlice
@ExtendWith(OutputCaptureExtension.class)
class EditorAccessTests {

	private static final String RIGHT_TOKEN = "first-editor-token";

	private static final String WRONG_TOKEN = "wrong-token-" + UUID.randomUUID();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	private MockMvcTester mvc;

	@Autowired
	private RecordingStateLog stateLog;

	private String postId = "";

	@BeforeEach
	void createAPost() {
		this.stateLog.reset();
		MvcTestResult created = this.mvc.post()
			.uri("/api/posts")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + RIGHT_TOKEN)
			.contentType(MediaType.APPLICATION_JSON)
			.content(JSON.writeValueAsString(DraftControllerTests.validDraft()))
			.exchange();
		assertThat(created).hasStatus(HttpStatus.ACCEPTED);
		this.postId = JSON.readTree(created.getResponse().getContentAsByteArray()).get("postId").asString();
	}

	static Stream<Arguments> endpointsAndCredentials() {
		List<String> endpoints = List.of("POST /api/posts", "PUT /api/posts/{id}", "DELETE /api/posts/{id}",
				"GET /api/posts/{id}", "HEAD /api/posts/{id}", "GET /api/posts/{id}/status",
				"GET /api/posts?author=maria-sanda", "PATCH /api/posts/{id}", "OPTIONS /api/posts",
				"GET /api/posts/unknown/path", "GET /api", "POST /api/other");
		Map<String, String> credentials = Map.of("no token", "", "wrong token", "Bearer " + WRONG_TOKEN,
				"another scheme", "Basic Zmlyc3QtZWRpdG9yLXRva2Vu", "empty bearer", "Bearer ",
				"right token with a suffix", "Bearer " + RIGHT_TOKEN + "x");
		return endpoints.stream()
			.flatMap((endpoint) -> credentials.entrySet()
				.stream()
				.map((credential) -> Arguments.of(endpoint, credential.getKey(), credential.getValue())));
	}

	@ParameterizedTest(name = "{0} with {1}")
	@MethodSource("endpointsAndCredentials")
	void refusesEveryEndpointWithoutAValidTokenWith401(String endpoint, String credential, String authorization) {
		String[] parts = endpoint.split(" ");
		var request = this.mvc.method(HttpMethod.valueOf(parts[0]))
			.uri(parts[1].replace("{id}", this.postId))
			.contentType(MediaType.APPLICATION_JSON)
			.content(JSON.writeValueAsString(DraftControllerTests.validDraft()));
		if (!authorization.isEmpty()) {
			request.header(HttpHeaders.AUTHORIZATION, authorization);
		}

		MvcTestResult result = request.exchange();

		assertThat(result).hasStatus(HttpStatus.UNAUTHORIZED);
		assertThat(result.getResponse().getHeader(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Bearer");
		if (!parts[0].equals("HEAD")) {
			assertThat(result).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
			assertThat(result).bodyJson().extractingPath("$.status").isEqualTo(401);
		}
		assertThat(this.stateLog.events()).hasSize(1);
	}

	@Test
	void neverLogsTheTokenRightOrWrongEvenAtTraceLevel(CapturedOutput output) {
		LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
		List<String> loggers = List.of("blog.pipeline", "org.springframework.web", "org.springframework.boot.web",
				"org.springframework.test.web");
		loggers.forEach((logger) -> logging.setLogLevel(logger, LogLevel.TRACE));
		int start = output.getAll().length();
		try {
			for (String token : List.of(RIGHT_TOKEN, WRONG_TOKEN)) {
				for (String scheme : List.of("Bearer ", "bearer ", "Basic ")) {
					Map<String, Object> draft = DraftControllerTests.validDraft();
					draft.put("slug", "logged-" + Math.abs((scheme + token).hashCode()));
					this.mvc.post()
						.uri("/api/posts")
						.header(HttpHeaders.AUTHORIZATION, scheme + token)
						.contentType(MediaType.APPLICATION_JSON)
						.content(JSON.writeValueAsString(draft))
						.exchange();
					this.mvc.get()
						.uri("/api/posts/{id}", this.postId)
						.header(HttpHeaders.AUTHORIZATION, scheme + token)
						.exchange();
					this.mvc.delete()
						.uri("/api/posts/{id}", "no-such-post")
						.header(HttpHeaders.AUTHORIZATION, scheme + token)
						.exchange();
				}
			}
		}
		finally {
			loggers.forEach((logger) -> logging.setLogLevel(logger, null));
		}

		assertThat(output.getAll().substring(start)).contains("Refused POST /api/posts: unknown bearer token")
			.contains("Accepted post")
			.doesNotContain(RIGHT_TOKEN)
			.doesNotContain(WRONG_TOKEN);
	}

	@Test
	void acceptsAnIdempotencyKeyOfVisibleAsciiUpTo255Characters() {
		for (String key : List.of(UUID.randomUUID().toString(), "k".repeat(255), "order:42/retry=1~a_b.c+d")) {
			Map<String, Object> draft = DraftControllerTests.validDraft();
			draft.put("slug", "key-" + Integer.toHexString(key.hashCode()));
			assertThat(submitWithKey(key, draft)).hasStatus(HttpStatus.ACCEPTED);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "key with spaces", "ключ", "tab\tkey", "nul\u0000key", "line\nbreak", "ÿ",
			"256-characters-" })
	void refusesAnIdempotencyKeyOfAnotherShapeWith400(String key) {
		String value = key.equals("256-characters-") ? "k".repeat(256) : key;
		int events = this.stateLog.events().size();

		MvcTestResult result = submitWithKey(value, DraftControllerTests.validDraft());

		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.header").isEqualTo("Idempotency-Key");
		// control characters are refused by the request firewall before the API reads the header
		assertThat(result).bodyJson()
			.extractingPath("$.detail")
			.asString()
			.contains(value.chars().anyMatch(Character::isISOControl) ? "control characters" : "255")
			.contains("ASCII");
		assertThat(this.stateLog.events()).hasSize(events);
	}

	private MvcTestResult submitWithKey(String key, Map<String, Object> draft) {
		return this.mvc.post()
			.uri("/api/posts")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + RIGHT_TOKEN)
			.header("Idempotency-Key", key)
			.contentType(MediaType.APPLICATION_JSON)
			.content(JSON.writeValueAsString(draft))
			.exchange();
	}

}

package blog.pipeline.ingest.drafts;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every answer carries {@code X-Request-Id}: the caller's own when it is sane, else a generated one; the same id is
 * in every problem document and in the log lines of the request.
 */
@DraftApiSlice
@ExtendWith(OutputCaptureExtension.class)
class RequestIdTests {

	private static final String TOKEN = "Bearer first-editor-token";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	private MockMvcTester mvc;

	@Test
	void aSaneRequestIdOfTheCallerComesBackOnASuccess() {
		MvcTestResult result = this.mvc.get()
			.uri("/api/posts?author=maria-sanda")
			.header(HttpHeaders.AUTHORIZATION, TOKEN)
			.header("X-Request-Id", "editor-7f3a:retry#2")
			.exchange();

		assertThat(result).hasStatus(HttpStatus.OK).hasHeader("X-Request-Id", "editor-7f3a:retry#2");
	}

	@Test
	void withoutOneEachRequestGetsAFreshId() {
		String first = this.mvc.get().uri("/api/posts?author=a").header(HttpHeaders.AUTHORIZATION, TOKEN).exchange()
			.getResponse()
			.getHeader("X-Request-Id");
		String second = this.mvc.get().uri("/api/posts?author=a").header(HttpHeaders.AUTHORIZATION, TOKEN).exchange()
			.getResponse()
			.getHeader("X-Request-Id");

		assertThat(UUID.fromString(first)).isNotEqualTo(UUID.fromString(second));
	}

	@ParameterizedTest
	@ValueSource(strings = { "has space", "tab\there", "new\nline", "\u00e9t\u00e9", "" })
	void anInsaneRequestIdIsReplaced(String presented) {
		MvcTestResult result = this.mvc.get()
			.uri("/api/posts?author=a")
			.header(HttpHeaders.AUTHORIZATION, TOKEN)
			.header("X-Request-Id", presented)
			.exchange();

		String answered = result.getResponse().getHeader("X-Request-Id");
		assertThat(answered).isNotEqualTo(presented);
		assertThat(UUID.fromString(answered)).isNotNull();
	}

	@Test
	void aRequestIdLongerThan128CharactersIsReplaced() {
		String longest = "a".repeat(128);
		assertThat(this.mvc.get()
			.uri("/api/posts?author=a")
			.header(HttpHeaders.AUTHORIZATION, TOKEN)
			.header("X-Request-Id", longest)
			.exchange()
			.getResponse()
			.getHeader("X-Request-Id")).isEqualTo(longest);

		String answered = this.mvc.get()
			.uri("/api/posts?author=a")
			.header(HttpHeaders.AUTHORIZATION, TOKEN)
			.header("X-Request-Id", longest + "a")
			.exchange()
			.getResponse()
			.getHeader("X-Request-Id");
		assertThat(UUID.fromString(answered)).isNotNull();
	}

	@Test
	void aValidationProblemCarriesTheRequestId() throws Exception {
		MvcTestResult result = this.mvc.post()
			.uri("/api/posts")
			.header(HttpHeaders.AUTHORIZATION, TOKEN)
			.header("X-Request-Id", "bad-draft-1")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{}")
			.exchange();

		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).hasHeader("X-Request-Id", "bad-draft-1");
		assertThat(problem(result).get("requestId").asString()).isEqualTo("bad-draft-1");
	}

	@Test
	void aProblemOfAnotherHandlerCarriesTheGeneratedRequestId() throws Exception {
		MvcTestResult result = this.mvc.get()
			.uri("/api/posts/no-such-post/status")
			.header(HttpHeaders.AUTHORIZATION, TOKEN)
			.exchange();

		assertThat(result).hasStatus(HttpStatus.NOT_FOUND);
		assertThat(problem(result).get("requestId").asString())
			.isEqualTo(result.getResponse().getHeader("X-Request-Id"));
	}

	@Test
	void aBodyTooLargeIsRefusedWithTheRequestIdInItsProblem() throws Exception {
		MvcTestResult result = this.mvc.post()
			.uri("/api/posts")
			.header(HttpHeaders.AUTHORIZATION, TOKEN)
			.header("X-Request-Id", "too-large-1")
			.contentType(MediaType.APPLICATION_JSON)
			.content(new byte[2 * 1024 * 1024 + 1])
			.exchange();

		assertThat(result).hasStatus(HttpStatus.CONTENT_TOO_LARGE).hasHeader("X-Request-Id", "too-large-1");
		assertThat(problem(result).get("requestId").asString()).isEqualTo("too-large-1");
	}

	@Test
	void aRefusalOfTheTokenFilterCarriesTheRequestIdInItsProblemAndItsLogLine(CapturedOutput output)
			throws Exception {
		int start = output.getAll().length();

		MvcTestResult result = this.mvc.post()
			.uri("/api/posts")
			.header(HttpHeaders.AUTHORIZATION, "Bearer not-a-token")
			.header("X-Request-Id", "refused-42")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{}")
			.exchange();

		assertThat(result).hasStatus(HttpStatus.UNAUTHORIZED).hasHeader("X-Request-Id", "refused-42");
		assertThat(problem(result).get("requestId").asString()).isEqualTo("refused-42");
		String logLine = output.getAll()
			.substring(start)
			.lines()
			.filter((line) -> line.contains("unknown bearer token"))
			.findFirst()
			.orElseThrow();
		assertThat(JSON.readTree(logLine).get("requestId").asString()).isEqualTo("refused-42");
	}

	private static JsonNode problem(MvcTestResult result) throws Exception {
		assertThat(result.getResponse().getContentType()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		return JSON.readTree(result.getResponse().getContentAsByteArray());
	}

}

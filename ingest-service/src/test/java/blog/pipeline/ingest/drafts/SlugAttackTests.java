package blog.pipeline.ingest.drafts;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import blog.pipeline.events.PostSubmitted;
import blog.pipeline.ingest.slug.Slugs;
import blog.pipeline.ingest.state.RecordingStateLog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Slugs name a post's folder in the bucket ({@code posts/{slug}/index.html}): a given slug that could leave that
 * folder, or only look like a safe one, is refused naming {@code /slug}; a slug derived from a hostile title is
 * normalised into the safe shape. One case per class of attack.
 */
@DraftApiSlice
class SlugAttackTests {

	private static final String TOKEN = "Bearer first-editor-token";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	private MockMvcTester mvc;

	@Autowired
	private RecordingStateLog stateLog;

	@BeforeEach
	void forgetEarlierPosts() {
		this.stateLog.reset();
	}

	static Stream<Arguments> hostileSlugs() {
		return Stream.of(Arguments.of("parent directory", "../../etc/passwd"),
				Arguments.of("parent directory at the end", "posts/.."),
				Arguments.of("percent-encoded dots", "%2e%2e%2fadmin"),
				Arguments.of("double percent-encoding", "%252e%252e%252f"),
				Arguments.of("absolute path", "/etc/passwd"), Arguments.of("absolute URL", "https://evil.example/x"),
				Arguments.of("backslashes", "..\\..\\windows"), Arguments.of("drive letter", "C:\\temp"),
				Arguments.of("fullwidth solidus look-alike", "a\uFF0Fb"),
				Arguments.of("one-dot leader look-alike", "\u2024\u2024-a"),
				Arguments.of("division slash look-alike", "a\u2215b"),
				Arguments.of("Cyrillic look-alike letters", "p\u0430yp\u0430l"),
				Arguments.of("fullwidth letters", "\uFF50\uFF4F\uFF53\uFF54"),
				Arguments.of("NUL byte", "post\u0000.html"), Arguments.of("control characters", "a\r\nb"),
				Arguments.of("dot segment alone", "."), Arguments.of("hidden file", ".git"),
				Arguments.of("right-to-left override", "abc\u202Etxt.exe"),
				Arguments.of("zero-width space", "pela\u200Bcase"),
				Arguments.of("over-long slug", "s".repeat(Slugs.MAX_LENGTH + 1)),
				Arguments.of("very over-long slug", "a-".repeat(50_000) + "a"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("hostileSlugs")
	void refusesAGivenHostileSlugOnCreateAndReplaceNamingTheSlugField(String attack, String slug) {
		String postId = create(DraftControllerTests.validDraft());
		int events = this.stateLog.events().size();
		Map<String, Object> draft = DraftControllerTests.validDraft();
		draft.put("slug", slug);

		MvcTestResult created = send(this.mvc.post().uri("/api/posts"), draft);
		MvcTestResult replaced = send(this.mvc.put().uri("/api/posts/{postId}", postId), draft);

		for (MvcTestResult result : new MvcTestResult[] { created, replaced }) {
			assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
			assertThat(result).bodyJson().extractingPath("$.errors[*].pointer").asArray().containsOnly("/slug");
			assertThat(result).bodyJson().extractingPath("$.errors[0].detail").asString().isNotBlank();
		}
		assertThat(this.stateLog.events()).hasSize(events);
	}

	static Stream<Arguments> hostileTitles() {
		return Stream.of(Arguments.of("../../etc/passwd", "etc-passwd"),
				Arguments.of("%2e%2e%2fadmin", "2e-2e-2fadmin"), Arguments.of("/etc/passwd", "etc-passwd"),
				Arguments.of("..\\..\\windows\\system32", "windows-system32"),
				Arguments.of("C:\\temp\\post", "c-temp-post"),
				Arguments.of("\uFF0Fetc\uFF0Fpasswd", "etc-passwd"),
				Arguments.of("\u2024\u2024\u2215secret", "secret"),
				Arguments.of("p\u0430yp\u0430l login", "p-yp-l-login"),
				Arguments.of("\uFF50\uFF4F\uFF53\uFF54 title", "post-title"),
				Arguments.of("post\u0000.html", "post-html"), Arguments.of("abc\u202Etxt.exe", "abc-txt-exe"),
				Arguments.of(".git", "git"), Arguments.of("word ".repeat(40), "word-".repeat(19) + "word"));
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@MethodSource("hostileTitles")
	void normalisesASlugDerivedFromAHostileTitleIntoItsFolder(String title, String expected) {
		Map<String, Object> draft = DraftControllerTests.validDraft();
		draft.put("title", title);

		MvcTestResult result = send(this.mvc.post().uri("/api/posts"), draft);

		assertThat(result).hasStatus(HttpStatus.ACCEPTED).bodyJson().extractingPath("$.slug").isEqualTo(expected);
		PostSubmitted sent = (PostSubmitted) this.stateLog.events().get(0);
		assertThat(sent.draft().slug()).isEqualTo(expected).matches(Slugs.PATTERN);
		Path posts = Path.of("/bucket/posts");
		assertThat(posts.resolve(sent.draft().slug()).normalize().getParent()).isEqualTo(posts);
	}

	private String create(Map<String, Object> draft) {
		draft.put("slug", "slug-attack-target");
		MvcTestResult result = send(this.mvc.post().uri("/api/posts"), draft);
		assertThat(result).hasStatus(HttpStatus.ACCEPTED);
		return JSON.readTree(result.getResponse().getContentAsByteArray()).get("postId").asString();
	}

	private MvcTestResult send(MockMvcTester.MockMvcRequestBuilder request, Map<String, Object> draft) {
		return request.header(HttpHeaders.AUTHORIZATION, TOKEN)
			.contentType(MediaType.APPLICATION_JSON)
			.content(JSON.writeValueAsString(draft))
			.exchange();
	}

}

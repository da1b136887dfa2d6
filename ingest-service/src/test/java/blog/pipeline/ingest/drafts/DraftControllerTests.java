package blog.pipeline.ingest.drafts;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

import blog.pipeline.events.Author;
import blog.pipeline.events.CoverImage;
import blog.pipeline.events.PostSubmitted;
import blog.pipeline.ingest.system.IngestProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mockito.ArgumentCaptor;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MockMvcTester.MockMvcRequestBuilder;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/** The draft API's web layer: auth, validation and problem details, with Kafka replaced by a mock sender. */
@WebMvcTest(controllers = DraftController.class,
		properties = "pipeline.ingest.editor-tokens=first-editor-token, second-editor-token")
@Import(DraftControllerTests.FixedClock.class)
class DraftControllerTests {

	private static final Instant NOW = Instant.parse("2025-05-01T08:00:00Z");

	private static final String TOKEN = "Bearer first-editor-token";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	private MockMvcTester mvc;

	@MockitoBean
	private PostSubmittedSender sender;

	@Test
	void acceptsValidDraftAndSendsItAsVersionOne() {
		MvcTestResult result = submit(validDraft(), TOKEN).header("traceparent",
				"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
			.exchange();

		PostSubmitted sent = sentEvent();
		assertThat(result).hasStatus(HttpStatus.ACCEPTED)
			.hasHeader(HttpHeaders.LOCATION, "/api/posts/" + sent.postId())
			.bodyJson()
			.isLenientlyEqualTo("""
					{"postId": "%s", "version": 1, "slug": "pela-case-arrives-on-the-blog", "status": "accepted"}
					""".formatted(sent.postId()));
		assertThat(UUID.fromString(sent.postId())).isNotNull();
		assertThat(sent.version()).isEqualTo(1);
		assertThat(sent.schemaVersion()).isEqualTo(1);
		assertThat(sent.createdAt()).isEqualTo(NOW);
		assertThat(sent.acceptedAt()).isEqualTo(NOW);
		assertThat(sent.traceParent()).isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
		assertThat(sent.draft().title()).isEqualTo("Pela Case arrives on the blog!");
		assertThat(sent.draft().slug()).isEqualTo("pela-case-arrives-on-the-blog");
		assertThat(sent.draft().author()).isEqualTo(new Author("maria-sanda", "Maria Sanda"));
		assertThat(sent.draft().bodyMarkdown()).isEqualTo("Teaser paragraph.\n\n<!--more-->\n\nThe rest.");
		assertThat(sent.draft().excerpt()).isNull();
		assertThat(sent.draft().tags()).containsExactly("partners");
		assertThat(sent.draft().coverImage())
			.isEqualTo(new CoverImage("https://img.example.org/pela.jpg", "pela case"));
		assertThat(sent.draft().publishAt()).isNull();
	}

	@Test
	void keepsGivenSlugAndConvertsPublishTimeToAnInstant() {
		Map<String, Object> draft = validDraft();
		draft.put("slug", "pela-case");
		draft.put("excerpt", "Short teaser.");
		draft.put("publishAt", "2025-06-01T10:00:00+02:00");
		draft.remove("tags");
		draft.remove("coverImage");

		assertThat(submit(draft, "Bearer second-editor-token")).hasStatus(HttpStatus.ACCEPTED)
			.bodyJson()
			.extractingPath("$.slug")
			.isEqualTo("pela-case");
		PostSubmitted sent = sentEvent();
		assertThat(sent.draft().slug()).isEqualTo("pela-case");
		assertThat(sent.draft().excerpt()).isEqualTo("Short teaser.");
		assertThat(sent.draft().publishAt()).isEqualTo(Instant.parse("2025-06-01T08:00:00Z"));
		assertThat(sent.draft().tags()).isEmpty();
		assertThat(sent.draft().coverImage()).isNull();
		assertThat(sent.traceParent()).isNull();
	}

	@Test
	void acceptsFieldsAtTheirLimits() {
		Map<String, Object> draft = validDraft();
		draft.put("title", "t".repeat(200));
		draft.put("bodyMarkdown", "b".repeat(1_048_576));
		draft.put("excerpt", "e".repeat(300));
		draft.put("slug", "s".repeat(100));
		draft.put("tags", List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j".repeat(40)));
		author(draft).put("id", "a".repeat(64));
		author(draft).put("name", "n".repeat(100));
		cover(draft).put("alt", "x".repeat(200));
		cover(draft).put("url", "http://img.example.org/x.png");

		assertThat(submit(draft, TOKEN)).hasStatus(HttpStatus.ACCEPTED);
	}

	@Test
	void ignoresATraceParentThatIsNotW3cTraceContext() {
		assertThat(submit(validDraft(), TOKEN).header("traceparent", "not a trace")).hasStatus(HttpStatus.ACCEPTED);
		assertThat(sentEvent().traceParent()).isNull();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidDrafts")
	void rejectsInvalidDraftNamingTheFieldAndSendsNothing(String rule, Consumer<Map<String, Object>> breakIt,
			String pointer) {
		Map<String, Object> draft = validDraft();
		breakIt.accept(draft);

		MvcTestResult result = submit(draft, TOKEN).exchange();

		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.status").isEqualTo(400);
		assertThat(result).bodyJson().extractingPath("$.errors[*].pointer").asArray().containsOnly(pointer);
		assertThat(result).bodyJson().extractingPath("$.errors[0].detail").asString().isNotBlank();
		verifyNoInteractions(this.sender);
	}

	static Stream<Arguments> invalidDrafts() {
		return Stream.of(rule("title missing", (d) -> d.remove("title"), "/title"),
				rule("title blank", (d) -> d.put("title", "   "), "/title"),
				rule("title over 200 characters", (d) -> d.put("title", "t".repeat(201)), "/title"),
				rule("author missing", (d) -> d.remove("author"), "/author"),
				rule("author id missing", (d) -> author(d).remove("id"), "/author/id"),
				rule("author id not slug-shaped", (d) -> author(d).put("id", "Maria Sanda"), "/author/id"),
				rule("author id with a path", (d) -> author(d).put("id", "../maria"), "/author/id"),
				rule("author id over 64 characters", (d) -> author(d).put("id", "a".repeat(65)), "/author/id"),
				rule("author name missing", (d) -> author(d).remove("name"), "/author/name"),
				rule("author name over 100 characters", (d) -> author(d).put("name", "n".repeat(101)),
						"/author/name"),
				rule("body missing", (d) -> d.remove("bodyMarkdown"), "/bodyMarkdown"),
				rule("body blank", (d) -> d.put("bodyMarkdown", " \n\t "), "/bodyMarkdown"),
				rule("body over 1 MiB", (d) -> d.put("bodyMarkdown", "b".repeat(1_048_577)), "/bodyMarkdown"),
				rule("body over 1 MiB in UTF-8 bytes, not characters",
						(d) -> d.put("bodyMarkdown", "é".repeat(524_289)), "/bodyMarkdown"),
				rule("excerpt over 300 characters", (d) -> d.put("excerpt", "e".repeat(301)), "/excerpt"),
				rule("more than 10 tags", (d) -> d.put("tags", tags(11)), "/tags"),
				rule("empty tag", (d) -> d.put("tags", List.of("partners", "")), "/tags/1"),
				rule("tag over 40 characters", (d) -> d.put("tags", List.of("t".repeat(41))), "/tags/0"),
				rule("tags not an array", (d) -> d.put("tags", "partners"), "/tags"),
				rule("cover image url missing", (d) -> cover(d).remove("url"), "/coverImage/url"),
				rule("cover image url relative", (d) -> cover(d).put("url", "/img/pela.jpg"), "/coverImage/url"),
				rule("cover image url not http", (d) -> cover(d).put("url", "ftp://img.example.org/p.jpg"),
						"/coverImage/url"),
				rule("cover image url script", (d) -> cover(d).put("url", "javascript:alert(1)"),
						"/coverImage/url"),
				rule("cover image url not a URL", (d) -> cover(d).put("url", "https://exa mple.org/x"),
						"/coverImage/url"),
				rule("cover image alt over 200 characters", (d) -> cover(d).put("alt", "a".repeat(201)),
						"/coverImage/alt"),
				rule("slug with capitals and spaces", (d) -> d.put("slug", "Pela Case"), "/slug"),
				rule("slug escaping its folder", (d) -> d.put("slug", "../../etc/passwd"), "/slug"),
				rule("slug with double dash", (d) -> d.put("slug", "pela--case"), "/slug"),
				rule("slug empty", (d) -> d.put("slug", ""), "/slug"),
				rule("slug over 100 characters", (d) -> d.put("slug", "s".repeat(101)), "/slug"),
				rule("publishAt without offset", (d) -> d.put("publishAt", "2025-06-01T10:00:00"), "/publishAt"),
				rule("publishAt not a date", (d) -> d.put("publishAt", "tomorrow"), "/publishAt"));
	}

	@Test
	void reportsEveryInvalidFieldAtOnce() {
		Map<String, Object> draft = validDraft();
		draft.remove("title");
		author(draft).put("id", "Not An Id");
		draft.put("excerpt", "e".repeat(301));

		assertThat(submit(draft, TOKEN)).hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.extractingPath("$.errors[*].pointer")
			.asArray()
			.containsExactly("/author/id", "/excerpt", "/title");
		verifyNoInteractions(this.sender);
	}

	@Test
	void rejectsUnknownFieldNamingIt() {
		Map<String, Object> draft = validDraft();
		author(draft).put("email", "maria@example.org");

		MvcTestResult result = submit(draft, TOKEN).exchange();

		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.detail").asString().contains("'email'");
		assertThat(result).bodyJson().extractingPath("$.errors[0].pointer").isEqualTo("/author/email");
		verifyNoInteractions(this.sender);
	}

	@Test
	void rejectsMalformedJsonWithAClearDetail() {
		MvcTestResult result = this.mvc.post()
			.uri("/api/posts")
			.header(HttpHeaders.AUTHORIZATION, TOKEN)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"title\": \"Pela\",, }")
			.exchange();

		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.detail").asString().startsWith("Malformed JSON at line 1");
		verifyNoInteractions(this.sender);
	}

	@Test
	void rejectsMissingBody() {
		MvcTestResult result = this.mvc.post()
			.uri("/api/posts")
			.header(HttpHeaders.AUTHORIZATION, TOKEN)
			.contentType(MediaType.APPLICATION_JSON)
			.exchange();

		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		verifyNoInteractions(this.sender);
	}

	@Test
	void rejectsOtherContentTypesWith415() {
		MvcTestResult result = this.mvc.post()
			.uri("/api/posts")
			.header(HttpHeaders.AUTHORIZATION, TOKEN)
			.contentType(MediaType.TEXT_PLAIN)
			.content("Pela Case arrives on the blog!")
			.exchange();

		assertThat(result).hasStatus(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		verifyNoInteractions(this.sender);
	}

	@Test
	void refusesRequestWithoutTokenWith401() {
		MvcTestResult result = submit(validDraft(), null).exchange();

		assertThat(result).hasStatus(HttpStatus.UNAUTHORIZED)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.hasHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
		assertThat(result).bodyJson().extractingPath("$.status").isEqualTo(401);
		verifyNoInteractions(this.sender);
	}

	@Test
	void refusesWrongTokenWith401() {
		MvcTestResult result = submit(validDraft(), "Bearer first-editor-tokex").exchange();

		assertThat(result).hasStatus(HttpStatus.UNAUTHORIZED).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result.getResponse().getHeader(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Bearer");
		assertThat(result).bodyText().doesNotContain("first-editor-tokex");
		verifyNoInteractions(this.sender);
	}

	@Test
	void refusesOtherAuthorizationSchemesWith401() {
		assertThat(submit(validDraft(), "Basic Zmlyc3QtZWRpdG9yLXRva2Vu")).hasStatus(HttpStatus.UNAUTHORIZED);
		assertThat(submit(validDraft(), "Bearer ")).hasStatus(HttpStatus.UNAUTHORIZED);
		verifyNoInteractions(this.sender);
	}

	@Test
	void checksTheTokenBeforeTheContentType() {
		assertThat(this.mvc.post().uri("/api/posts").contentType(MediaType.TEXT_PLAIN).content("x"))
			.hasStatus(HttpStatus.UNAUTHORIZED);
	}

	@Test
	void answers503WithRetryAfterWhenKafkaDidNotStoreTheDraft() {
		willThrow(new PostNotStoredException("p-1", new org.apache.kafka.common.errors.TimeoutException("no ack")))
			.given(this.sender)
			.send(any());

		MvcTestResult result = submit(validDraft(), TOKEN).exchange();

		assertThat(result).hasStatus(HttpStatus.SERVICE_UNAVAILABLE)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.hasHeader(HttpHeaders.RETRY_AFTER, "5");
		assertThat(result).bodyJson().extractingPath("$.status").isEqualTo(503);
	}

	private MockMvcRequestBuilder submit(Map<String, Object> draft, String authorization) {
		MockMvcRequestBuilder request = this.mvc.post()
			.uri("/api/posts")
			.contentType(MediaType.APPLICATION_JSON)
			.content(JSON.writeValueAsString(draft));
		return (authorization != null) ? request.header(HttpHeaders.AUTHORIZATION, authorization) : request;
	}

	private PostSubmitted sentEvent() {
		ArgumentCaptor<PostSubmitted> sent = ArgumentCaptor.forClass(PostSubmitted.class);
		verify(this.sender).send(sent.capture());
		return sent.getValue();
	}

	private static Arguments rule(String rule, Consumer<Map<String, Object>> breakIt, String pointer) {
		return Arguments.of(rule, breakIt, pointer);
	}

	/** The API contract's example draft, as mutable maps. */
	static Map<String, Object> validDraft() {
		Map<String, Object> author = new LinkedHashMap<>();
		author.put("id", "maria-sanda");
		author.put("name", "Maria Sanda");
		Map<String, Object> cover = new LinkedHashMap<>();
		cover.put("url", "https://img.example.org/pela.jpg");
		cover.put("alt", "pela case");
		Map<String, Object> draft = new LinkedHashMap<>();
		draft.put("title", "Pela Case arrives on the blog!");
		draft.put("author", author);
		draft.put("bodyMarkdown", "Teaser paragraph.\n\n<!--more-->\n\nThe rest.");
		draft.put("excerpt", null);
		draft.put("slug", null);
		draft.put("tags", new ArrayList<>(List.of("partners")));
		draft.put("coverImage", cover);
		draft.put("publishAt", null);
		return draft;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> author(Map<String, Object> draft) {
		return (Map<String, Object>) draft.get("author");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> cover(Map<String, Object> draft) {
		return (Map<String, Object>) draft.get("coverImage");
	}

	private static List<String> tags(int count) {
		return Stream.iterate(1, (i) -> i + 1).limit(count).map((i) -> "tag-" + i).toList();
	}

	@TestConfiguration(proxyBeanMethods = false)
	@EnableConfigurationProperties(IngestProperties.class)
	static class FixedClock {

		@Bean
		Clock clock() {
			return Clock.fixed(NOW, ZoneOffset.UTC);
		}

	}

}

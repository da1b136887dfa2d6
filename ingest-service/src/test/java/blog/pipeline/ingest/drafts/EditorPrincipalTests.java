package blog.pipeline.ingest.drafts;

import java.util.Map;

import blog.pipeline.events.PostSubmitted;
import blog.pipeline.events.PostWithdrawn;
import blog.pipeline.ingest.state.RecordingStateLog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each token names someone: the principal goes into every event and into the post's status and draft, so "who changed
 * this post, and when" has an answer; an editor's token limited to some authors opens only their posts.
 */
@DraftApiSlice
class EditorPrincipalTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String FIRST = "first-editor-token";

	private static final String SECOND = "second-editor-token";

	/** Limited to camille-durand and guest-writer. */
	private static final String CAMILLE_DESK = "camille-desk-token";

	@Autowired
	private MockMvcTester mvc;

	@Autowired
	private RecordingStateLog stateLog;

	@BeforeEach
	void reset() {
		this.stateLog.reset();
	}

	@Test
	void recordsWhoCreatedUpdatedAndWithdrewAPostInItsEventsStatusAndDraft() {
		String postId = create(FIRST, "maria-sanda", "who-changed-it");
		assertThat(this.stateLog.events()).last()
			.isInstanceOfSatisfying(PostSubmitted.class,
					(submitted) -> assertThat(submitted.changedBy()).isEqualTo("first-editor"));
		assertThat(get("/api/posts/" + postId + "/status", FIRST)).hasStatusOk()
			.bodyJson()
			.isLenientlyEqualTo("""
					{"version": 1, "changedBy": "first-editor", "acceptedAt": "2025-05-01T08:00:00Z"}""");

		assertThat(send("PUT", "/api/posts/" + postId, SECOND, draft("maria-sanda", "who-changed-it")))
			.hasStatus(HttpStatus.ACCEPTED);
		assertThat(this.stateLog.events()).last()
			.isInstanceOfSatisfying(PostSubmitted.class,
					(submitted) -> assertThat(submitted.changedBy()).isEqualTo("second-editor"));
		assertThat(get("/api/posts/" + postId, FIRST)).hasStatusOk()
			.bodyJson()
			.isLenientlyEqualTo("""
					{"version": 2, "changedBy": "second-editor"}""");

		assertThat(send("DELETE", "/api/posts/" + postId, FIRST, null)).hasStatus(HttpStatus.ACCEPTED);
		assertThat(this.stateLog.events()).last()
			.isInstanceOfSatisfying(PostWithdrawn.class,
					(withdrawn) -> assertThat(withdrawn.changedBy()).isEqualTo("first-editor"));
		assertThat(get("/api/posts/" + postId + "/status", SECOND)).hasStatusOk()
			.bodyJson()
			.isLenientlyEqualTo("""
					{"version": 3, "state": "withdrawn", "changedBy": "first-editor"}""");
	}

	@Test
	void anEditorLimitedToSomeAuthorsChangesAndReadsOnlyTheirPosts() {
		String camilles = create(CAMILLE_DESK, "camille-durand", "camilles-post");
		String guests = create(CAMILLE_DESK, "guest-writer", "guests-post");
		String marias = create(FIRST, "maria-sanda", "marias-post");
		int events = this.stateLog.events().size();

		// creating, taking over, changing, withdrawing or reading another author's post: 403 naming the author
		assertThat(send("POST", "/api/posts", CAMILLE_DESK, draft("maria-sanda", "not-mine"))).satisfies(this::refused);
		assertThat(send("PUT", "/api/posts/" + camilles, CAMILLE_DESK, draft("maria-sanda", "camilles-post")))
			.satisfies(this::refused);
		assertThat(send("PUT", "/api/posts/" + marias, CAMILLE_DESK, draft("camille-durand", "marias-post")))
			.satisfies(this::refused);
		assertThat(send("DELETE", "/api/posts/" + marias, CAMILLE_DESK, null)).satisfies(this::refused);
		assertThat(get("/api/posts/" + marias, CAMILLE_DESK)).satisfies(this::refused);
		assertThat(get("/api/posts/" + marias + "/status", CAMILLE_DESK)).satisfies(this::refused);
		assertThat(get("/api/posts?author=maria-sanda", CAMILLE_DESK)).satisfies(this::refused);
		assertThat(this.stateLog.events()).hasSize(events);

		// its own authors' posts, all of them
		assertThat(send("PUT", "/api/posts/" + guests, CAMILLE_DESK, draft("camille-durand", "guests-post")))
			.hasStatus(HttpStatus.ACCEPTED);
		assertThat(get("/api/posts/" + camilles + "/status", CAMILLE_DESK)).hasStatusOk();
		assertThat(get("/api/posts?author=camille-durand", CAMILLE_DESK)).hasStatusOk()
			.bodyJson()
			.extractingPath("$.total")
			.isEqualTo(2);
		assertThat(send("DELETE", "/api/posts/" + camilles, CAMILLE_DESK, null)).hasStatus(HttpStatus.ACCEPTED);
		// an editor without limits reads and changes every author's posts
		assertThat(get("/api/posts/" + camilles, FIRST)).hasStatusOk();
	}

	private void refused(MvcTestResult result) {
		assertThat(result).hasStatus(HttpStatus.FORBIDDEN).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.detail").asString().contains("camille-desk")
			.contains("camille-durand, guest-writer");
	}

	private String create(String token, String author, String slug) {
		MvcTestResult created = send("POST", "/api/posts", token, draft(author, slug));
		assertThat(created).hasStatus(HttpStatus.ACCEPTED);
		return JSON.readTree(created.getResponse().getContentAsByteArray()).get("postId").asString();
	}

	private MvcTestResult get(String uri, String token) {
		return send("GET", uri, token, null);
	}

	private MvcTestResult send(String method, String uri, String token, Map<String, Object> body) {
		var request = this.mvc.method(org.springframework.http.HttpMethod.valueOf(method))
			.uri(uri)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
		if (body != null) {
			request.contentType(MediaType.APPLICATION_JSON).content(JSON.writeValueAsString(body));
		}
		return request.exchange();
	}

	private static Map<String, Object> draft(String author, String slug) {
		Map<String, Object> draft = DraftControllerTests.validDraft();
		@SuppressWarnings("unchecked")
		Map<String, Object> by = (Map<String, Object>) draft.get("author");
		by.put("id", author);
		draft.put("slug", slug + "-" + Long.toHexString(System.nanoTime()));
		return draft;
	}

}

package blog.pipeline.ingest.drafts;

import java.net.URI;
import java.util.regex.Pattern;

import blog.pipeline.ingest.security.ApiPrincipal;
import blog.pipeline.ingest.state.PostState;
import blog.pipeline.ingest.state.StateKeys;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Editors create, replace, withdraw and read drafts here. A change is answered 202 once Kafka stored it, or 503 when
 * Kafka did not. Every change may carry an {@code Idempotency-Key}, which makes a retry safe.
 */
@RestController
@RequestMapping("/api/posts")
class DraftController {

	static final String IDEMPOTENCY_KEY = IdempotencyKeys.HEADER;

	/** W3C trace context: version-traceid-parentid-flags; anything else is not carried into events. */
	private static final Pattern TRACE_PARENT = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");

	private final DraftService drafts;

	private final JsonMapper json;

	DraftController(DraftService drafts, JsonMapper json) {
		this.drafts = drafts;
		this.json = json;
	}

	/** Creates a post: version 1 of the draft. */
	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<SubmissionAccepted> submit(@AuthenticationPrincipal ApiPrincipal editor,
			@Valid @RequestBody DraftRequest request,
			@RequestHeader(name = "traceparent", required = false) @Nullable String traceParent,
			@RequestHeader(name = IDEMPOTENCY_KEY, required = false) @Nullable String idempotencyKey) {
		SubmissionAccepted answer = this.drafts.create(request,
				meta(editor, "POST /api/posts", request, idempotencyKey, null, traceParent));
		return accepted(answer);
	}

	/** Replaces the post's draft: its next version. {@code If-Match} makes it conditional on the version seen. */
	@PutMapping(path = "/{postId}", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<SubmissionAccepted> replace(@AuthenticationPrincipal ApiPrincipal editor,
			@PathVariable String postId, @Valid @RequestBody DraftRequest request,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
			@RequestHeader(name = "traceparent", required = false) @Nullable String traceParent,
			@RequestHeader(name = IDEMPOTENCY_KEY, required = false) @Nullable String idempotencyKey) {
		SubmissionAccepted answer = this.drafts.replace(postId, request,
				meta(editor, "PUT /api/posts/" + postId, request, idempotencyKey, ifMatch, traceParent));
		return accepted(answer);
	}

	/** Withdraws the post from the site: {@code PostWithdrawn} as its next version. */
	@DeleteMapping("/{postId}")
	ResponseEntity<SubmissionAccepted> withdraw(@AuthenticationPrincipal ApiPrincipal editor,
			@PathVariable String postId,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
			@RequestHeader(name = "traceparent", required = false) @Nullable String traceParent,
			@RequestHeader(name = IDEMPOTENCY_KEY, required = false) @Nullable String idempotencyKey) {
		SubmissionAccepted answer = this.drafts.withdraw(postId,
				meta(editor, "DELETE /api/posts/" + postId, null, idempotencyKey, ifMatch, traceParent));
		return accepted(answer);
	}

	/** The latest accepted draft, with its version as {@code ETag}. */
	@GetMapping("/{postId}")
	ResponseEntity<PostView> get(@AuthenticationPrincipal ApiPrincipal editor, @PathVariable String postId,
			@RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) @Nullable String ifNoneMatch) {
		PostState post = this.drafts.get(postId, editor);
		String etag = ETags.of(post.version());
		if (ifNoneMatch != null && ETags.matches(ifNoneMatch, post.version())) {
			return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).build();
		}
		return ResponseEntity.ok().eTag(etag).body(PostView.of(post));
	}

	private ResponseEntity<SubmissionAccepted> accepted(SubmissionAccepted answer) {
		return ResponseEntity.accepted()
			.location(URI.create("/api/posts/" + answer.postId()))
			.eTag(ETags.of(answer.version()))
			.body(answer);
	}

	/**
	 * What comes with the change. Only a request with an {@code Idempotency-Key} is fingerprinted: the fingerprint
	 * re-serializes the draft and hashes it, which a request without a key would pay for nothing.
	 */
	private DraftService.Request meta(ApiPrincipal editor, String request, @Nullable DraftRequest body,
			@Nullable String idempotencyKey, @Nullable String ifMatch, @Nullable String traceParent) {
		String key = IdempotencyKeys.check(idempotencyKey);
		String fingerprint = (key != null) ? fingerprint(request, body) : null;
		return new DraftService.Request(key, fingerprint, ifMatch, traceContext(traceParent), editor);
	}

	/** SHA-256 of method, path and the draft as JSON; stored with the key, so it must never change its bytes. */
	private String fingerprint(String request, @Nullable DraftRequest body) {
		return StateKeys.sha256(request + "\n" + ((body != null) ? this.json.writeValueAsString(body) : ""));
	}

	private static @Nullable String traceContext(@Nullable String traceParent) {
		return (traceParent != null && TRACE_PARENT.matcher(traceParent).matches()) ? traceParent : null;
	}

}

package blog.pipeline.ingest.drafts;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

import blog.pipeline.events.PostSubmitted;
import blog.pipeline.ingest.slug.Slugs;
import blog.pipeline.ingest.system.IngestProperties;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Editors submit drafts here. A valid draft becomes version 1 of a new post and is answered 202 once Kafka stored
 * it, or 503 when Kafka did not.
 */
@RestController
@RequestMapping("/api/posts")
class DraftController {

	private static final Logger log = LoggerFactory.getLogger(DraftController.class);

	private static final long FIRST_VERSION = 1;

	/** W3C trace context: version-traceid-parentid-flags; anything else is not carried into events. */
	private static final Pattern TRACE_PARENT = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");

	private final PostSubmittedSender sender;

	private final Clock clock;

	private final IngestProperties properties;

	DraftController(PostSubmittedSender sender, Clock clock, IngestProperties properties) {
		this.sender = sender;
		this.clock = clock;
		this.properties = properties;
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<SubmissionAccepted> submit(@Valid @RequestBody DraftRequest request,
			@RequestHeader(name = "traceparent", required = false) @Nullable String traceParent) {
		String postId = UUID.randomUUID().toString();
		String slug = (request.slug() != null) ? request.slug()
				: Slugs.fromTitle(Objects.requireNonNull(request.title(), "title"), postId);
		Instant now = this.clock.instant();
		PostSubmitted submitted = new PostSubmitted(postId, FIRST_VERSION, request.toDraft(slug), now, now,
				traceContext(traceParent));
		try (MDC.MDCCloseable ignored = MDC.putCloseable("postId", postId)) {
			this.sender.send(submitted);
			log.info("Accepted post {} version {} as slug '{}'", postId, FIRST_VERSION, slug);
		}
		return ResponseEntity.accepted()
			.location(URI.create("/api/posts/" + postId))
			.body(SubmissionAccepted.of(postId, FIRST_VERSION, slug));
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> notStored(PostNotStoredException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"Kafka did not acknowledge the draft in time, so it was not accepted. Send it again later.");
		problem.setTitle("Event store unavailable");
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, String.valueOf(this.properties.retryAfter().toSeconds()))
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(problem);
	}

	private static @Nullable String traceContext(@Nullable String traceParent) {
		return (traceParent != null && TRACE_PARENT.matcher(traceParent).matches()) ? traceParent : null;
	}

}

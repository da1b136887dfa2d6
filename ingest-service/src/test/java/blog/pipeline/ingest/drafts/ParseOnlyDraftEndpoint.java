package blog.pipeline.ingest.drafts;

import java.net.URI;
import java.util.Objects;
import java.util.UUID;

import jakarta.validation.Valid;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * For the load benchmark's HTTP ceiling ({@code IngestLoadBenchmark}): {@code POST /api/posts} read into ingest's
 * {@link DraftRequest} by Jackson and checked by Bean Validation, as {@link DraftController} does, and answered 202
 * with the same {@link SubmissionAccepted}, {@code Location} and {@code ETag}; but nothing is stored: no fingerprint,
 * no state writer, no Kafka. The condition keeps it out of ingest's own component scan (the test classes are on its
 * class path); the benchmark registers it explicitly.
 */
@RestController
@ConditionalOnBooleanProperty(ParseOnlyDraftEndpoint.ENABLED)
public class ParseOnlyDraftEndpoint {

	/** The property that lets a component scan pick this endpoint up. */
	public static final String ENABLED = "ingest-bench.parse-only-endpoint";

	@PostMapping(path = "/api/posts", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<SubmissionAccepted> submit(@Valid @RequestBody DraftRequest request) {
		String postId = UUID.randomUUID().toString();
		// the benchmark's drafts all carry a slug; ingest would derive a missing one from the title
		String slug = Objects.requireNonNull(request.slug(), "slug");
		return ResponseEntity.accepted()
			.location(URI.create("/api/posts/" + postId))
			.eTag(ETags.of(1))
			.body(SubmissionAccepted.of(postId, 1, request.toDraft(slug).slug(), DraftService.ACCEPTED));
	}

}

package blog.pipeline.events;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A new version of a post was accepted by ingest.
 *
 * @param createdAt when version 1 of the post was accepted (the post's date unless the draft sets {@code publishAt})
 * @param acceptedAt when this version was accepted (the start of the submit-to-live clock)
 * @param traceParent W3C {@code traceparent} of the request that submitted it, if any
 * @param changedBy the principal (named by its API token) who submitted this version, or {@code null} for a version
 * stored before principals were recorded
 */
public record PostSubmitted(int schemaVersion, String postId, long version, Draft draft, Instant createdAt,
		Instant acceptedAt, @Nullable String traceParent, @Nullable String changedBy) implements PostEvent {

	public PostSubmitted(String postId, long version, Draft draft, Instant createdAt, Instant acceptedAt,
			@Nullable String traceParent, @Nullable String changedBy) {
		this(SchemaVersion.CURRENT, postId, version, draft, createdAt, acceptedAt, traceParent, changedBy);
	}

	/** A version without a recorded principal (tests, and events written before principals were recorded). */
	public PostSubmitted(String postId, long version, Draft draft, Instant createdAt, Instant acceptedAt,
			@Nullable String traceParent) {
		this(postId, version, draft, createdAt, acceptedAt, traceParent, null);
	}

	public PostSubmitted(int schemaVersion, String postId, long version, Draft draft, Instant createdAt,
			Instant acceptedAt, @Nullable String traceParent) {
		this(schemaVersion, postId, version, draft, createdAt, acceptedAt, traceParent, null);
	}

}

package blog.pipeline.events;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A new version of a post was accepted by ingest.
 *
 * @param createdAt when version 1 of the post was accepted (the post's date unless the draft sets {@code publishAt})
 * @param acceptedAt when this version was accepted (the start of the submit-to-live clock)
 * @param traceParent W3C {@code traceparent} of the request that submitted it, if any
 */
public record PostSubmitted(int schemaVersion, String postId, long version, Draft draft, Instant createdAt,
		Instant acceptedAt, @Nullable String traceParent) implements PostEvent {

	public PostSubmitted(String postId, long version, Draft draft, Instant createdAt, Instant acceptedAt,
			@Nullable String traceParent) {
		this(SchemaVersion.CURRENT, postId, version, draft, createdAt, acceptedAt, traceParent);
	}

}

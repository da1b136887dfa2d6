package blog.pipeline.events;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A post was withdrawn (unpublished). Travels on the post's own key and topic so it stays ordered with its versions;
 * render passes it through to publish unchanged.
 *
 * @param changedBy the principal (named by its API token) who withdrew the post, or {@code null} for a withdrawal
 * stored before principals were recorded
 */
public record PostWithdrawn(int schemaVersion, String postId, long version, Instant acceptedAt,
		@Nullable String changedBy) implements PostEvent {

	public PostWithdrawn(String postId, long version, Instant acceptedAt, @Nullable String changedBy) {
		this(SchemaVersion.CURRENT, postId, version, acceptedAt, changedBy);
	}

	/** A withdrawal without a recorded principal (tests, and events written before principals were recorded). */
	public PostWithdrawn(String postId, long version, Instant acceptedAt) {
		this(postId, version, acceptedAt, null);
	}

	public PostWithdrawn(int schemaVersion, String postId, long version, Instant acceptedAt) {
		this(schemaVersion, postId, version, acceptedAt, null);
	}

}

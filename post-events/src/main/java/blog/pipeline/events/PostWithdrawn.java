package blog.pipeline.events;

import java.time.Instant;

/**
 * A post was withdrawn (unpublished). Travels on the post's own key and topic so it stays ordered with its versions;
 * render passes it through to publish unchanged.
 */
public record PostWithdrawn(int schemaVersion, String postId, long version, Instant acceptedAt) implements PostEvent {

	public PostWithdrawn(String postId, long version, Instant acceptedAt) {
		this(SchemaVersion.CURRENT, postId, version, acceptedAt);
	}

}

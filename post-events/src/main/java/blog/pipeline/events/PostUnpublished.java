package blog.pipeline.events;

import java.time.Instant;
import java.util.List;

/** A withdrawn post is gone from the bucket and from every index that listed it. */
public record PostUnpublished(int schemaVersion, String postId, long version, List<String> objectKeys,
		List<String> changedPaths, Instant acceptedAt, Instant unpublishedAt) implements PostEvent {

	public PostUnpublished {
		objectKeys = List.copyOf(objectKeys);
		changedPaths = List.copyOf(changedPaths);
	}

}

package blog.pipeline.events;

import java.time.Instant;
import java.util.List;

/**
 * A post version is live in the bucket.
 *
 * @param url the post's public URL path, e.g. {@code /posts/my-post/}
 * @param objectKeys every bucket key written for this change
 * @param changedPaths the public paths whose content changed, for CDN invalidation
 */
public record PostPublished(int schemaVersion, String postId, long version, String slug, String url,
		List<String> objectKeys, List<String> changedPaths, Instant acceptedAt, Instant publishedAt)
		implements PostEvent {

	public PostPublished {
		objectKeys = List.copyOf(objectKeys);
		changedPaths = List.copyOf(changedPaths);
	}

}

package blog.pipeline.ingest.state;

import org.jspecify.annotations.Nullable;

/**
 * One record to write to the state topic.
 *
 * @param value the new value, or {@code null} for a tombstone (e.g. a released slug)
 */
public record StateEntry(String key, @Nullable StateRecord value) {

	public static StateEntry of(PostState post) {
		return new StateEntry(StateKeys.post(post.postId()), post);
	}

	public static StateEntry slugHeldBy(String slug, String postId) {
		return new StateEntry(StateKeys.slug(slug), new SlugOwner(postId));
	}

	public static StateEntry slugReleased(String slug) {
		return new StateEntry(StateKeys.slug(slug), null);
	}

}

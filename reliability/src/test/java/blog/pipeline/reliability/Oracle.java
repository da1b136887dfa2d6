package blog.pipeline.reliability;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** What the site must show, computed from the answers the editor API gave: the last accepted version of each post. */
final class Oracle {

	/** A post as its last accepted version left it. */
	record Expected(String postId, long version, String authorId, String slug, boolean withdrawn) {
	}

	private final Map<String, Expected> posts = new ConcurrentHashMap<>();

	void accepted(Expected expected) {
		this.posts.merge(expected.postId(), expected, (old, now) -> (now.version() > old.version()) ? now : old);
	}

	Expected get(String postId) {
		return this.posts.get(postId);
	}

	Collection<Expected> posts() {
		return this.posts.values();
	}

}

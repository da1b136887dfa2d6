package blog.pipeline.publish.bucket;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one owner of some keys (an author's shelf, the site shelf) last wrote under each of them, so a rewrite of the
 * same content can be skipped: a batch of edits that changes neither title nor excerpt renders most index pages the
 * same as before. It lives in the owner's state, which is dropped whenever its partition is assigned, revoked or lost,
 * so after a rebalance or a restart every key is written again once; it only ever remembers a write that succeeded
 * and forgets a key before each new attempt at it, so a write whose outcome is unknown is never taken for done. Safe
 * to lose; the writes of one batch may run on several threads.
 * <p>
 * It keeps the content itself, not a digest: comparing is exact and costs less than hashing a big sitemap part,
 * above all under the dev stack's C1-only JIT (SHA-256 then has no intrinsic). The memory is about that of the owner's
 * pages, which the owner's shelf holds the data of anyway.
 */
public final class WrittenContent {

	private final Map<String, String> contents = new ConcurrentHashMap<>();

	/** Whether the last write this owner made under {@code key}, and that succeeded, had content {@code body}. */
	boolean matches(String key, String body) {
		return body.equals(this.contents.get(key));
	}

	void remember(String key, String body) {
		this.contents.put(key, body);
	}

	void forget(String key) {
		this.contents.remove(key);
	}

}

package blog.pipeline.publish.bucket;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one owner of some keys (an author's shelf, the site shelf) last wrote under each of them, as a digest of the
 * content, so a rewrite of the same content can be skipped: a batch of edits that changes neither title nor excerpt
 * renders most index pages the same as before. It lives in the owner's state, which is dropped whenever its partition
 * is assigned, revoked or lost, so after a rebalance or a restart every key is written again once; it only ever
 * remembers a write that succeeded and forgets a key before each new attempt at it, so a write whose outcome is
 * unknown is never taken for done. Safe to lose; the writes of one batch may run on several threads.
 */
public final class WrittenContent {

	private final Map<String, byte[]> digests = new ConcurrentHashMap<>();

	/** The digest of {@code body} as {@link #matches} and {@link #remember} take it. */
	static byte[] digest(String body) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java runtime has SHA-256", ex);
		}
	}

	/** Whether the last write this owner made under {@code key}, and that succeeded, had content {@code digest}. */
	boolean matches(String key, byte[] digest) {
		byte[] last = this.digests.get(key);
		return last != null && Arrays.equals(last, digest);
	}

	void remember(String key, byte[] digest) {
		this.digests.put(key, digest);
	}

	void forget(String key) {
		this.digests.remove(key);
	}

}

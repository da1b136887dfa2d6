package blog.pipeline.publish.catalog;

import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * One instance of each post's entry for the whole service. The catalog, the author shelves and the site shelf each
 * read a post's entry from their own topic, so each would hold its own equal copy of the same title, excerpts, author
 * and dates; by keeping the instance {@link #share} gives them, they hold one. Entries are held weakly here: an entry
 * no store keeps any more goes, as its partition is revoked or the post moves on to a later version. Its slot stays
 * (the post id and a cleared reference): a few dozen bytes per post this instance has seen, replaced when the post
 * is shared again.
 * <p>
 * Only the memory changes: the entries are immutable values, and an entry is only ever swapped for an equal one.
 */
@Component
public class SharedEntries {

	private final Map<String, WeakReference<CatalogEntry>> byPost = new ConcurrentHashMap<>();

	/** The instance already shared that equals {@code entry}, or {@code entry} itself, shared from now on. */
	public CatalogEntry share(CatalogEntry entry) {
		CatalogEntry[] shared = { entry };
		this.byPost.compute(entry.postId(), (postId, known) -> {
			CatalogEntry knownEntry = (known != null) ? known.get() : null;
			if (entry.equals(knownEntry)) {
				shared[0] = knownEntry;
				return known;
			}
			return new WeakReference<>(entry);
		});
		return shared[0];
	}

}

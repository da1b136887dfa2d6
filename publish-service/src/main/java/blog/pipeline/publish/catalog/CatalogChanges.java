package blog.pipeline.publish.catalog;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The catalog as one batch sees it: the committed state with the batch's changes on top. Reads see the batch's own
 * changes; {@link Catalog#commit} makes them durable and current. Safe for threads that apply different posts of the
 * batch concurrently.
 */
public final class CatalogChanges {

	private final Catalog catalog;

	private final Map<String, Change> changed = Collections.synchronizedMap(new LinkedHashMap<>());

	CatalogChanges(Catalog catalog) {
		this.catalog = catalog;
	}

	/** The latest state of a post of the rendered topic's {@code partition}. */
	public @Nullable CatalogEntry get(int partition, String postId) {
		Change change = this.changed.get(postId);
		return (change != null) ? change.entry() : this.catalog.get(partition, postId);
	}

	/** A post's new state; its page was not touched (nothing of it was live). */
	public void put(int partition, CatalogEntry entry) {
		this.changed.put(entry.postId(), new Change(partition, entry, pageWrittenHere(partition, entry.postId())));
	}

	/** A post's new state, whose page this batch has just written or deleted. */
	public void putWritten(int partition, CatalogEntry entry) {
		this.changed.put(entry.postId(), new Change(partition, entry, true));
	}

	/** See {@link Catalog#pageWrittenHere}; a page this batch wrote counts too. */
	public boolean pageWrittenHere(int partition, String postId) {
		Change change = this.changed.get(postId);
		return (change != null) ? change.pageWritten() : this.catalog.pageWrittenHere(partition, postId);
	}

	public boolean isEmpty() {
		return this.changed.isEmpty();
	}

	List<Change> changed() {
		synchronized (this.changed) {
			return List.copyOf(this.changed.values());
		}
	}

	record Change(int partition, CatalogEntry entry, boolean pageWritten) {

	}

}

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

	public void put(int partition, CatalogEntry entry) {
		this.changed.put(entry.postId(), new Change(partition, entry));
	}

	public boolean isEmpty() {
		return this.changed.isEmpty();
	}

	List<Change> changed() {
		synchronized (this.changed) {
			return List.copyOf(this.changed.values());
		}
	}

	record Change(int partition, CatalogEntry entry) {

	}

}

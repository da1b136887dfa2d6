package blog.pipeline.publish.catalog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The catalog as one batch sees it: the committed state with the batch's changes on top. Reads see the batch's own
 * changes; {@link Catalog#commit} makes them durable and current.
 */
public final class CatalogChanges {

	private final Catalog catalog;

	private final Map<String, CatalogEntry> changed = new LinkedHashMap<>();

	CatalogChanges(Catalog catalog) {
		this.catalog = catalog;
	}

	public @Nullable CatalogEntry get(String postId) {
		CatalogEntry entry = this.changed.get(postId);
		return (entry != null) ? entry : this.catalog.get(postId);
	}

	public void put(CatalogEntry entry) {
		this.changed.put(entry.postId(), entry);
	}

	public boolean isEmpty() {
		return this.changed.isEmpty();
	}

	/** The live posts of an author, each once. */
	public List<CatalogEntry> livePostsBy(String authorId) {
		Set<String> ids = new LinkedHashSet<>(this.catalog.livePostIdsBy(authorId));
		ids.addAll(this.changed.keySet());
		List<CatalogEntry> posts = new ArrayList<>();
		for (String id : ids) {
			CatalogEntry entry = get(id);
			if (entry != null && entry.liveBy(authorId)) {
				posts.add(entry);
			}
		}
		return posts;
	}

	/** Every live post, each once. */
	public List<CatalogEntry> livePosts() {
		List<CatalogEntry> posts = new ArrayList<>();
		for (CatalogEntry entry : this.catalog.entries()) {
			if (!this.changed.containsKey(entry.postId()) && entry.live()) {
				posts.add(entry);
			}
		}
		for (CatalogEntry entry : this.changed.values()) {
			if (entry.live()) {
				posts.add(entry);
			}
		}
		return posts;
	}

	/** Whether a live post other than {@code postId} has the page at {@code slug}. */
	public boolean slugTakenByAnotherPost(String slug, String postId) {
		for (CatalogEntry entry : this.changed.values()) {
			if (entry.live() && slug.equals(entry.slug()) && !entry.postId().equals(postId)) {
				return true;
			}
		}
		String owner = this.catalog.livePostWithSlug(slug);
		return owner != null && !owner.equals(postId) && !this.changed.containsKey(owner);
	}

	Collection<CatalogEntry> changed() {
		return this.changed.values();
	}

}

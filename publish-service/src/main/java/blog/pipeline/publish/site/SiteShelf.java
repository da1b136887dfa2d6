package blog.pipeline.publish.site;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;

import blog.pipeline.events.Author;
import blog.pipeline.publish.bucket.SiteLayout;
import blog.pipeline.publish.bucket.WrittenContent;
import blog.pipeline.publish.catalog.CatalogEntry;
import blog.pipeline.publish.catalog.SharedEntries;
import org.jspecify.annotations.Nullable;

/**
 * The state of the site-wide pages: the latest record per post, the live posts newest first and by sitemap part (see
 * {@link SiteLayout#sitemapPartOf}), and the authors with at least one live post.
 */
final class SiteShelf {

	static final Comparator<CatalogEntry> NEWEST_FIRST = Comparator
		.comparing(CatalogEntry::publishedAt, Comparator.nullsLast(Comparator.reverseOrder()))
		.thenComparing(CatalogEntry::postId);

	private final int sitemapParts;

	private final SharedEntries shared;

	/** Post id → its entry in the latest applied record. */
	private final Map<String, CatalogEntry> records = new HashMap<>();

	private final NavigableSet<CatalogEntry> newest = new TreeSet<>(NEWEST_FIRST);

	/** Sitemap part → its live posts, for the parts that have any. */
	private final NavigableMap<Integer, NavigableSet<CatalogEntry>> parts = new TreeMap<>();

	/** Author id → the author's live posts count and name (as in the latest applied live post). */
	private final Map<String, AuthorCount> authors = new HashMap<>();

	/**
	 * Whether the sitemap index (the list of non-empty parts) may be out of date: set when a part gains its first post
	 * or loses its last, and for a new shelf; cleared once it is written.
	 */
	private boolean partListDirty = true;

	/** Whether the sitemap part of the author pages may be out of date (like {@link #partListDirty}). */
	private boolean authorsDirty = true;

	/**
	 * Whether every sitemap part is due, not only those of the changes: a new shelf cannot tell whether the bucket
	 * holds this layout's parts (it may hold an earlier layout's), so its first batch writes them all and deletes the
	 * stale ones.
	 */
	private boolean everyPartDue = true;

	/** The sitemap line of each live post as last rendered (see {@link Sitemaps#renderPart(List, Map)}). */
	private final Map<String, String> sitemapLines = new HashMap<>();

	/** Sitemap part → when ({@link System#nanoTime()}) this shelf last had it written. */
	private final Map<Integer, Long> partWrittenAt = new HashMap<>();

	/** The sitemap parts changed since this shelf last had them written. */
	private final NavigableSet<Integer> pendingParts = new TreeSet<>();

	/** How many parts are pending, for readers on other threads (the metrics). */
	private volatile int pendingPartCount;

	/** What was written of the site-wide pages since the shelf was loaded; dropped with it. */
	private final WrittenContent written = new WrittenContent();

	/**
	 * An empty shelf whose posts are listed in {@code sitemapParts} sitemap parts and whose entries are the ones
	 * {@code shared} gives.
	 */
	SiteShelf(int sitemapParts, SharedEntries shared) {
		if (sitemapParts < 1) {
			throw new IllegalArgumentException("At least one sitemap part is needed, not " + sitemapParts);
		}
		this.sitemapParts = sitemapParts;
		this.shared = shared;
	}

	/**
	 * Applies {@code change} unless the shelf has a newer version of the post.
	 * @return what it changes, or {@code null} if the change is older than what the shelf has
	 */
	@Nullable Effect apply(SiteChange change) {
		CatalogEntry previous = this.records.get(change.entry().postId());
		if (previous != null && change.entry().version() < previous.version()) {
			return null;
		}
		CatalogEntry entry = this.shared.share(change.entry());
		// the post's part whatever it was and is: also when the record is applied again after a failed batch, whose
		// rewrite of that part may not have happened
		int part = SiteLayout.sitemapPartOf(entry.postId(), this.sitemapParts);
		boolean authorsChanged = false;
		this.sitemapLines.remove(entry.postId());
		if (previous != null && previous.live()) {
			this.newest.remove(previous);
			NavigableSet<CatalogEntry> posts = this.parts.get(part);
			if (posts != null) {
				posts.remove(previous);
				if (posts.isEmpty()) {
					this.parts.remove(part);
					this.partListDirty = true;
				}
			}
			authorsChanged |= removeAuthor(previous.author());
		}
		if (entry.live()) {
			this.newest.add(entry);
			this.parts.computeIfAbsent(part, (p) -> {
				this.partListDirty = true;
				return new TreeSet<>(NEWEST_FIRST);
			}).add(entry);
			authorsChanged |= addAuthor(entry.author());
		}
		this.records.put(entry.postId(), entry);
		this.authorsDirty |= authorsChanged;
		return new Effect(part, authorsChanged);
	}

	private boolean addAuthor(Author author) {
		AuthorCount count = this.authors.get(author.id());
		this.authors.put(author.id(), new AuthorCount(author, (count != null) ? count.posts() + 1 : 1));
		return count == null || !count.author().name().equals(author.name());
	}

	private boolean removeAuthor(Author author) {
		AuthorCount count = this.authors.get(author.id());
		if (count == null) {
			return false;
		}
		if (count.posts() <= 1) {
			this.authors.remove(author.id());
			return true;
		}
		this.authors.put(author.id(), new AuthorCount(count.author(), count.posts() - 1));
		return false;
	}

	List<CatalogEntry> newest(int limit) {
		List<CatalogEntry> posts = new ArrayList<>(limit);
		for (CatalogEntry post : this.newest) {
			if (posts.size() == limit) {
				break;
			}
			posts.add(post);
		}
		return posts;
	}

	/** The live posts of sitemap part {@code part}, newest first. */
	List<CatalogEntry> part(int part) {
		NavigableSet<CatalogEntry> posts = this.parts.get(part);
		return (posts != null) ? List.copyOf(posts) : List.of();
	}

	/** The sitemap parts that list at least one post, in order. */
	List<Integer> parts() {
		return List.copyOf(this.parts.keySet());
	}

	/** How many sitemap parts the posts are spread over. */
	int sitemapParts() {
		return this.sitemapParts;
	}

	/** The authors with a live post, sorted by name. */
	List<Author> authors() {
		return this.authors.values()
			.stream()
			.map(AuthorCount::author)
			.sorted(Comparator.comparing(Author::name, String.CASE_INSENSITIVE_ORDER).thenComparing(Author::id))
			.toList();
	}

	/** Post id → sitemap line, for {@link Sitemaps#renderPart(List, Map)}; a post's line goes when it changes. */
	Map<String, String> sitemapLines() {
		return this.sitemapLines;
	}

	WrittenContent written() {
		return this.written;
	}

	int size() {
		return this.newest.size();
	}

	boolean partListDirty() {
		return this.partListDirty;
	}

	boolean everyPartDue() {
		return this.everyPartDue;
	}

	boolean authorsDirty() {
		return this.authorsDirty;
	}

	/**
	 * The sitemap index, the author pages part and (if {@link #everyPartDue() due}) every sitemap part were written
	 * from the current state, and stale parts deleted.
	 */
	void listsWritten() {
		this.partListDirty = false;
		this.authorsDirty = false;
		this.everyPartDue = false;
	}

	/**
	 * Notes that {@code touched} changed and returns the changed parts to write at {@code now}: those this shelf never
	 * had written and those written at least {@code delay} ago. The others stay pending until a later call finds
	 * them due.
	 */
	NavigableSet<Integer> dueParts(Collection<Integer> touched, long now, Duration delay) {
		this.pendingParts.addAll(touched);
		this.pendingPartCount = this.pendingParts.size();
		NavigableSet<Integer> due = new TreeSet<>();
		for (int part : this.pendingParts) {
			Long writtenAt = this.partWrittenAt.get(part);
			if (writtenAt == null || now - writtenAt >= delay.toNanos()) {
				due.add(part);
			}
		}
		return due;
	}

	/** Whether some changed parts wait to be written (see {@link #dueParts}). */
	boolean hasPendingParts() {
		return !this.pendingParts.isEmpty();
	}

	/** How many changed parts wait to be written; safe to read from any thread. */
	int pendingPartCount() {
		return this.pendingPartCount;
	}

	/** The parts written (or deleted) at {@code now}; with {@code all}, every part was, and none is pending. */
	void partsWritten(Collection<Integer> parts, long now, boolean all) {
		for (int part : parts) {
			this.pendingParts.remove(part);
			this.partWrittenAt.put(part, now);
		}
		if (all) {
			this.pendingParts.clear();
		}
		this.pendingPartCount = this.pendingParts.size();
	}

	/** What applying a change touched: its sitemap part, and whether the set (or names) of authors changed. */
	record Effect(int part, boolean authorsChanged) {

	}

	private record AuthorCount(Author author, int posts) {

	}

}

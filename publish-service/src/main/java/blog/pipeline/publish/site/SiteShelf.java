package blog.pipeline.publish.site;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import blog.pipeline.events.Author;
import blog.pipeline.publish.bucket.SiteLayout;
import blog.pipeline.publish.bucket.WrittenContent;
import blog.pipeline.publish.catalog.CatalogEntry;
import org.jspecify.annotations.Nullable;

/**
 * The state of the site-wide pages: the latest record per post, the live posts newest first and by month (one sitemap
 * part each), and the authors with at least one live post.
 */
final class SiteShelf {

	static final Comparator<CatalogEntry> NEWEST_FIRST = Comparator
		.comparing(CatalogEntry::publishedAt, Comparator.nullsLast(Comparator.reverseOrder()))
		.thenComparing(CatalogEntry::postId);

	private final Map<String, SiteChange> records = new HashMap<>();

	private final NavigableSet<CatalogEntry> newest = new TreeSet<>(NEWEST_FIRST);

	private final NavigableMap<YearMonth, NavigableSet<CatalogEntry>> months = new TreeMap<>(
			Comparator.reverseOrder());

	/** Author id → the author's live posts count and name (as in the latest applied live post). */
	private final Map<String, AuthorCount> authors = new HashMap<>();

	/**
	 * Whether the sitemap index (the list of months) may be out of date: set when a month gains its first post or
	 * loses its last, and for a new shelf; cleared once it is written.
	 */
	private boolean monthListDirty = true;

	/** Whether the sitemap part of the author pages may be out of date (like {@link #monthListDirty}). */
	private boolean authorsDirty = true;

	/** The sitemap line of each live post as last rendered (see {@link Sitemaps#renderMonth(List, Map)}). */
	private final Map<String, String> sitemapLines = new HashMap<>();

	/** What was written of the site-wide pages since the shelf was loaded; dropped with it. */
	private final WrittenContent written = new WrittenContent();

	/**
	 * Applies {@code change} unless the shelf has a newer version of the post.
	 * @return what it changes, or {@code null} if the change is older than what the shelf has
	 */
	@Nullable Effect apply(SiteChange change) {
		CatalogEntry entry = change.entry();
		SiteChange previous = this.records.get(entry.postId());
		if (previous != null && entry.version() < previous.entry().version()) {
			return null;
		}
		Set<YearMonth> changedMonths = new LinkedHashSet<>();
		boolean authorsChanged = false;
		this.sitemapLines.remove(entry.postId());
		if (previous != null && previous.entry().live()) {
			CatalogEntry old = previous.entry();
			this.newest.remove(old);
			YearMonth month = SiteLayout.monthOf(old.publishedAt());
			NavigableSet<CatalogEntry> posts = this.months.get(month);
			if (posts != null) {
				posts.remove(old);
				if (posts.isEmpty()) {
					this.months.remove(month);
					this.monthListDirty = true;
				}
			}
			changedMonths.add(month);
			authorsChanged |= removeAuthor(old.author());
		}
		if (change.previousPublishedAt() != null) {
			// also when the record is applied again after a failed batch: that sitemap part may still need its rewrite
			changedMonths.add(SiteLayout.monthOf(change.previousPublishedAt()));
		}
		if (entry.live()) {
			this.newest.add(entry);
			YearMonth month = SiteLayout.monthOf(entry.publishedAt());
			this.months.computeIfAbsent(month, (m) -> {
				this.monthListDirty = true;
				return new TreeSet<>(NEWEST_FIRST);
			}).add(entry);
			changedMonths.add(month);
			authorsChanged |= addAuthor(entry.author());
		}
		this.records.put(entry.postId(), change);
		this.authorsDirty |= authorsChanged;
		return new Effect(changedMonths, authorsChanged);
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

	List<CatalogEntry> month(YearMonth month) {
		NavigableSet<CatalogEntry> posts = this.months.get(month);
		return (posts != null) ? List.copyOf(posts) : List.of();
	}

	List<YearMonth> months() {
		return List.copyOf(this.months.keySet());
	}

	/** The authors with a live post, sorted by name. */
	List<Author> authors() {
		return this.authors.values()
			.stream()
			.map(AuthorCount::author)
			.sorted(Comparator.comparing(Author::name, String.CASE_INSENSITIVE_ORDER).thenComparing(Author::id))
			.toList();
	}

	/** Post id → sitemap line, for {@link Sitemaps#renderMonth(List, Map)}; a post's line goes when it changes. */
	Map<String, String> sitemapLines() {
		return this.sitemapLines;
	}

	WrittenContent written() {
		return this.written;
	}

	int size() {
		return this.newest.size();
	}

	boolean monthListDirty() {
		return this.monthListDirty;
	}

	boolean authorsDirty() {
		return this.authorsDirty;
	}

	/** The sitemap index and the author pages part were written from the current state. */
	void listsWritten() {
		this.monthListDirty = false;
		this.authorsDirty = false;
	}

	/** What applying a change touched: sitemap months, and whether the set (or names) of authors changed. */
	record Effect(Set<YearMonth> months, boolean authorsChanged) {

	}

	private record AuthorCount(Author author, int posts) {

	}

}

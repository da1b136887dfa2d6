package blog.pipeline.publish.authorindex;

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
import blog.pipeline.publish.catalog.SharedEntries;
import org.jspecify.annotations.Nullable;

/**
 * One author's index state: the latest record per post, and the listed posts by month, newest first. Applying a record
 * tells which monthly archive pages it changes, so a change costs the same whatever the author's post count.
 */
final class AuthorShelf {

	/** Newest first by publish date, then by post id so equal dates keep a stable order. */
	static final Comparator<CatalogEntry> NEWEST_FIRST = Comparator
		.comparing(CatalogEntry::publishedAt, Comparator.nullsLast(Comparator.reverseOrder()))
		.thenComparing(CatalogEntry::postId);

	private final SharedEntries shared;

	/** Post id → its entry in the latest applied record, and whether that record lists it. */
	private final Map<String, Listing> records = new HashMap<>();

	private final NavigableMap<YearMonth, NavigableSet<CatalogEntry>> months = new TreeMap<>(
			Comparator.reverseOrder());

	/** The listed posts by acceptance time, so the author's current name is the last one's. */
	private final NavigableSet<CatalogEntry> byAcceptance = new TreeSet<>(
			Comparator.comparing(CatalogEntry::acceptedAt).thenComparing(CatalogEntry::postId));

	private int listed;

	/** What was written of this author's pages since the shelf was loaded; dropped with it. */
	private final WrittenContent written = new WrittenContent();

	/** The author's pages as last rendered, with their models; dropped with the shelf. */
	private final RenderedPages rendered = new RenderedPages();

	/**
	 * Whether the page listing every month may be out of date: set when a month gains its first post or loses its
	 * last, and for a new shelf (just loaded, or a new author), cleared once that page is written.
	 */
	private boolean monthListDirty = true;

	/** An empty shelf whose entries are the ones {@code shared} gives. */
	AuthorShelf(SharedEntries shared) {
		this.shared = shared;
	}

	/**
	 * Applies {@code change} unless the shelf has a newer version of the post (an equal one is applied again, which
	 * changes nothing but still names its pages).
	 * @return the months whose archive page changes, or {@code null} if the change is older than what the shelf has
	 */
	@Nullable Set<YearMonth> apply(AuthorIndexChange change) {
		String postId = change.entry().postId();
		Listing previous = this.records.get(postId);
		if (previous != null && change.entry().version() < previous.entry().version()) {
			return null;
		}
		CatalogEntry entry = this.shared.share(change.entry());
		Set<YearMonth> changed = new LinkedHashSet<>();
		if (previous != null && previous.listed()) {
			YearMonth month = SiteLayout.monthOf(previous.entry().publishedAt());
			NavigableSet<CatalogEntry> posts = this.months.get(month);
			if (posts != null && posts.remove(previous.entry())) {
				this.listed--;
				this.byAcceptance.remove(previous.entry());
				if (posts.isEmpty()) {
					this.months.remove(month);
					this.monthListDirty = true;
				}
			}
			changed.add(month);
		}
		if (change.previousPublishedAt() != null) {
			// also when the record is applied again after a failed batch: that month page may still need its rewrite
			changed.add(SiteLayout.monthOf(change.previousPublishedAt()));
		}
		if (change.listed()) {
			YearMonth month = SiteLayout.monthOf(entry.publishedAt());
			NavigableSet<CatalogEntry> posts = this.months.get(month);
			if (posts == null) {
				posts = new TreeSet<>(NEWEST_FIRST);
				this.months.put(month, posts);
				this.monthListDirty = true;
			}
			if (posts.add(entry)) {
				this.listed++;
				this.byAcceptance.add(entry);
			}
			changed.add(month);
		}
		this.records.put(postId, new Listing(entry, change.listed()));
		return changed;
	}

	/** The newest {@code limit} listed posts. */
	List<CatalogEntry> newest(int limit) {
		List<CatalogEntry> newest = new ArrayList<>(limit);
		for (NavigableSet<CatalogEntry> posts : this.months.values()) {
			for (CatalogEntry post : posts) {
				if (newest.size() == limit) {
					return newest;
				}
				newest.add(post);
			}
		}
		return newest;
	}

	/** The listed posts of {@code month}, newest first. */
	List<CatalogEntry> month(YearMonth month) {
		NavigableSet<CatalogEntry> posts = this.months.get(month);
		return (posts != null) ? List.copyOf(posts) : List.of();
	}

	/** The months with at least one listed post, newest first. */
	List<YearMonth> months() {
		return List.copyOf(this.months.keySet());
	}

	/** The newest {@code limit} months with at least one listed post, newest first. */
	List<YearMonth> recentMonths(int limit) {
		return this.months.keySet().stream().limit(limit).toList();
	}

	int monthCount() {
		return this.months.size();
	}

	/** Whether the page listing every month needs writing (see {@link #monthListWritten()}). */
	boolean monthListDirty() {
		return this.monthListDirty;
	}

	/** The page listing every month was written from the current state. */
	void monthListWritten() {
		this.monthListDirty = false;
	}

	RenderedPages rendered() {
		return this.rendered;
	}

	WrittenContent written() {
		return this.written;
	}

	boolean isEmpty() {
		return this.listed == 0;
	}

	int size() {
		return this.listed;
	}

	/** The author as named in the most recently accepted listed post; {@code fallback} when none is listed. */
	Author author(Author fallback) {
		if (this.byAcceptance.isEmpty()) {
			return fallback;
		}
		Author author = this.byAcceptance.last().author();
		return (author != null) ? author : fallback;
	}

	/** What the shelf keeps of a post's latest applied record. */
	private record Listing(CatalogEntry entry, boolean listed) {

	}

}

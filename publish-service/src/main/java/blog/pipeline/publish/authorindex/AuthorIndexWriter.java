package blog.pipeline.publish.authorindex;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import blog.pipeline.events.Author;
import blog.pipeline.publish.PublishProperties;
import blog.pipeline.publish.bucket.Bucket;
import blog.pipeline.publish.bucket.ContentKind;
import blog.pipeline.publish.bucket.ParallelWrites;
import blog.pipeline.publish.bucket.SiteLayout;
import blog.pipeline.publish.bucket.WrittenContent;
import blog.pipeline.publish.catalog.CatalogEntry;
import blog.pipeline.publish.pages.AtomFeed;
import blog.pipeline.publish.site.SiteChange;
import blog.pipeline.publish.site.SiteIndex;
import blog.pipeline.publish.tracing.RecordTraces;
import blog.pipeline.publish.tracing.Traced;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Applies a batch of author index changes: each affected author's page, feed and the archive pages of the months the
 * batch touched are rewritten once (or deleted when empty), whatever the author's post count, all of the batch's
 * objects concurrently (they are different keys), skipping those whose content did not change since this instance last
 * wrote them; then each primary change goes on to the site index with the keys it wrote so far. The caller commits the
 * offsets after it succeeded.
 */
@Component
class AuthorIndexWriter {

	private static final Logger log = LoggerFactory.getLogger(AuthorIndexWriter.class);

	private final AuthorIndexes indexes;

	private final AuthorIndexPage page;

	private final AtomFeed feed;

	private final Bucket bucket;

	private final ParallelWrites writes;

	private final SiteIndex site;

	private final PublishProperties properties;

	private final Counter stale;

	AuthorIndexWriter(AuthorIndexes indexes, AuthorIndexPage page, AtomFeed feed, Bucket bucket,
			ParallelWrites writes, SiteIndex site, PublishProperties properties, MeterRegistry meters) {
		this.indexes = indexes;
		this.page = page;
		this.feed = feed;
		this.bucket = bucket;
		this.writes = writes;
		this.site = site;
		this.properties = properties;
		this.stale = Counter.builder("pipeline.publish.index.stale")
			.tag("stage", "author-index")
			.description("Index records skipped because a newer version of the post was already applied")
			.register(meters);
	}

	void write(List<ConsumerRecord<String, AuthorIndexChange>> records, RecordTraces.Batch traces) {
		Map<Shelf, Touched> touched = new LinkedHashMap<>();
		List<Primary> primaries = new ArrayList<>();
		for (ConsumerRecord<String, AuthorIndexChange> record : records) {
			AuthorIndexChange change = record.value();
			Observation observation = traces.start(record);
			AuthorShelf shelf = this.indexes.shelf(record.partition(), change.authorId());
			Set<YearMonth> months = shelf.apply(change);
			if (months == null) {
				this.stale.increment();
				observation.scoped(() -> log.info(
						"Skipping version {} of post {} in the index of {}: a newer version is applied",
						change.entry().version(), change.entry().postId(), change.authorId()));
				continue;
			}
			Touched pages = touched.computeIfAbsent(new Shelf(change.authorId(), shelf), (s) -> new Touched());
			pages.months.addAll(months);
			pages.last = change.entry();
			if (change.primary()) {
				primaries.add(new Primary(change, months, pages, observation));
			}
		}
		// every author's pages are rendered here, then written concurrently (different authors, different keys)
		List<Runnable> writes = new ArrayList<>();
		touched.forEach((key, pages) -> {
			pages.monthList = key.shelf().monthListDirty();
			writes.addAll(pageWrites(key.authorId(), key.shelf(), pages.months, pages.monthList, pages.last));
		});
		this.writes.runAll(writes);
		touched.keySet().forEach((key) -> key.shelf().monthListWritten());
		List<Traced<SiteChange>> forwarded = new ArrayList<>(primaries.size());
		for (Primary primary : primaries) {
			List<String> authorKeys = authorKeys(primary.change().authorId(), primary.months(),
					primary.pages().monthList);
			List<String> keys = new ArrayList<>(primary.change().objectKeys());
			keys.addAll(authorKeys);
			List<String> paths = new ArrayList<>(primary.change().changedPaths());
			authorKeys.stream().map(SiteLayout::pathOf).forEach(paths::add);
			forwarded.add(new Traced<>(
					new SiteChange(primary.change().entry(), keys, paths, primary.change().replayId()),
					primary.observation()));
		}
		this.site.send(forwarded);
	}

	/**
	 * The keys one change of an author's index writes: the author page, the feed, the touched months' pages and, when
	 * a month was added or emptied, the list of all months.
	 */
	static List<String> authorKeys(String authorId, Set<YearMonth> months, boolean monthListChanged) {
		List<String> keys = new ArrayList<>();
		keys.add(SiteLayout.authorKey(authorId));
		keys.add(SiteLayout.authorFeedKey(authorId));
		months.forEach((month) -> keys.add(SiteLayout.authorMonthKey(authorId, month)));
		if (monthListChanged) {
			keys.add(SiteLayout.authorArchiveKey(authorId));
		}
		return keys;
	}

	/**
	 * Rewrites an author's page, feed and the archive pages of {@code months} from the shelf, and the list of all
	 * months when it changed (deletes them when the author has no post left): three objects plus one per touched
	 * month, whatever the author's post count; one more when a month appears or empties.
	 */
	void writePages(String authorId, AuthorShelf shelf, Set<YearMonth> months, boolean monthListChanged,
			CatalogEntry last) {
		this.writes.runAll(pageWrites(authorId, shelf, months, monthListChanged, last));
	}

	/** The bucket operations of {@link #writePages}, each with its content rendered already; any order will do. */
	private List<Runnable> pageWrites(String authorId, AuthorShelf shelf, Set<YearMonth> months,
			boolean monthListChanged, CatalogEntry last) {
		List<Runnable> writes = new ArrayList<>();
		WrittenContent written = shelf.written();
		if (shelf.isEmpty()) {
			writes.add(() -> this.bucket.delete(SiteLayout.authorKey(authorId), written));
			writes.add(() -> this.bucket.delete(SiteLayout.authorFeedKey(authorId), written));
			writes.add(() -> this.bucket.delete(SiteLayout.authorArchiveKey(authorId), written));
			months.forEach((month) -> writes
				.add(() -> this.bucket.delete(SiteLayout.authorMonthKey(authorId, month), written)));
			return writes;
		}
		Map<String, String> metadata = Bucket.postMetadata(last.postId(), last.version());
		Author author = shelf.author(new Author(authorId, authorId));
		int recentMonths = this.properties.authorRecentMonths();
		RenderedPages rendered = shelf.rendered();
		String latest = rendered.page(SiteLayout.authorKey(authorId),
				this.page.latestModel(author, shelf.newest(this.properties.authorRecentPosts()),
						shelf.recentMonths(recentMonths), shelf.monthCount() > recentMonths),
				this.page::render);
		writes.add(() -> this.bucket.put(SiteLayout.authorKey(authorId), latest, ContentKind.HTML, metadata, written));
		if (monthListChanged) {
			String archive = this.page.renderArchiveList(author, shelf.months());
			writes.add(() -> this.bucket.put(SiteLayout.authorArchiveKey(authorId), archive, ContentKind.HTML,
					metadata, written));
		}
		String feed = this.feed.render("All Posts By " + author.name(),
				SiteLayout.pathOf(SiteLayout.authorFeedKey(authorId)), SiteLayout.authorPath(authorId),
				shelf.newest(this.properties.feedEntries()));
		writes.add(() -> this.bucket.put(SiteLayout.authorFeedKey(authorId), feed, ContentKind.ATOM, metadata,
				written));
		for (YearMonth month : months) {
			String monthKey = SiteLayout.authorMonthKey(authorId, month);
			List<CatalogEntry> posts = shelf.month(month);
			if (posts.isEmpty()) {
				writes.add(() -> this.bucket.delete(monthKey, written));
			}
			else {
				// archive pages link back to the author page only, so a new month never changes older archives
				String html = rendered.page(monthKey, this.page.monthModel(author, month, posts), this.page::render);
				writes.add(() -> this.bucket.put(monthKey, html, ContentKind.HTML, metadata, written));
			}
		}
		log.debug("Rendered the index of {} ({} posts, {} archive months)", authorId, shelf.size(), months.size());
		return writes;
	}

	private record Shelf(String authorId, AuthorShelf shelf) {

	}

	private static final class Touched {

		private final Set<YearMonth> months = new LinkedHashSet<>();

		private boolean monthList;

		private CatalogEntry last;

	}

	private record Primary(AuthorIndexChange change, Set<YearMonth> months, Touched pages, Observation observation) {

	}

}

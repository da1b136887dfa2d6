package blog.pipeline.publish.site;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import blog.pipeline.events.PostEvent;
import blog.pipeline.events.PostPublished;
import blog.pipeline.events.PostUnpublished;
import blog.pipeline.events.ReplayHeader;
import blog.pipeline.events.SchemaVersion;
import blog.pipeline.events.Topics;
import blog.pipeline.publish.PublishProperties;
import blog.pipeline.publish.authorindex.IndexSendException;
import blog.pipeline.publish.bucket.Bucket;
import blog.pipeline.publish.bucket.ContentKind;
import blog.pipeline.publish.bucket.ParallelWrites;
import blog.pipeline.publish.bucket.SiteLayout;
import blog.pipeline.publish.bucket.WrittenContent;
import blog.pipeline.publish.catalog.CatalogEntry;
import blog.pipeline.publish.pages.AtomFeed;
import blog.pipeline.publish.tracing.RecordTraces;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Applies a batch of site changes: rewrites the home page, the site feed, the sitemap parts the batch touched (one per
 * post, see {@link SiteLayout#sitemapPartOf}) and, when it changed, the sitemap index, each once and concurrently (an
 * object whose content did not change since this instance last wrote it is not written again, see
 * {@link blog.pipeline.publish.bucket.WrittenContent}); while changes keep coming, a sitemap part written less than
 * {@link PublishProperties#sitemapDelay()} ago is put off to a later batch, and once the stage is idle for a moment
 * {@link #writeDue()} writes every part put off (a restart or rebalance meanwhile loses nothing: the next owner's new
 * shelf writes every part); the first batch of a newly loaded shelf writes every part and then deletes the parts of an
 * earlier layout, so a change of layout needs no migration step; then announces each change on
 * {@link Topics#POSTS_PUBLISHED} with every key and path the change wrote along the way (post page, author pages, site
 * pages; not a sitemap part put off), for CDN invalidation. The caller commits the offsets after it succeeded; a retry
 * repeats idempotent writes and may repeat announcements. The announcement of a version re-published by a full replay
 * carries the {@link ReplayHeader replay id}.
 */
@Component
class SiteWriter {

	private static final Logger log = LoggerFactory.getLogger(SiteWriter.class);

	/** The site index topic's one partition. */
	static final int SITE_PARTITION = 0;

	private final SiteIndex index;

	private final Bucket bucket;

	private final ParallelWrites writes;

	private final HomePage homePage;

	private final AtomFeed feed;

	private final Sitemaps sitemaps;

	private final KafkaTemplate<String, Object> kafka;

	private final PublishProperties properties;

	private final DistributionSummary objectsWritten;

	private final Counter stale;

	private final Counter published;

	private final Counter unpublished;

	private final Counter postsPublished;

	private final Counter postsWithdrawn;

	private final Counter deferred;

	private final Timer renderTime;

	private final Timer writeTime;

	private final Timer announceTime;

	SiteWriter(SiteIndex index, Bucket bucket, ParallelWrites writes, HomePage homePage, AtomFeed feed,
			Sitemaps sitemaps, KafkaTemplate<String, Object> kafka, PublishProperties properties,
			MeterRegistry meters) {
		this.index = index;
		this.bucket = bucket;
		this.writes = writes;
		this.homePage = homePage;
		this.feed = feed;
		this.sitemaps = sitemaps;
		this.kafka = kafka;
		this.properties = properties;
		this.objectsWritten = DistributionSummary.builder("pipeline.publish.objects.written")
			.description("Objects put or deleted for one post change: its page, redirects, author and site pages")
			.register(meters);
		this.stale = Counter.builder("pipeline.publish.index.stale")
			.tag("stage", "site")
			.description("Index records skipped because a newer version of the post was already applied")
			.register(meters);
		this.published = Counter.builder("pipeline.publish.applied")
			.tag("change", "published")
			.description("Post versions applied to the bucket")
			.register(meters);
		this.unpublished = Counter.builder("pipeline.publish.applied")
			.tag("change", "unpublished")
			.description("Post versions applied to the bucket")
			.register(meters);
		this.postsPublished = Counter.builder("pipeline.posts.published")
			.description("Post versions published: page, indexes and site pages written, PostPublished announced")
			.register(meters);
		this.postsWithdrawn = Counter.builder("pipeline.posts.withdrawn")
			.description("Post withdrawals applied and announced")
			.register(meters);
		this.deferred = Counter.builder("pipeline.publish.sitemap.deferred")
			.description("Changed sitemap parts whose write was put off because the part was written less than "
					+ "pipeline.publish.sitemap-delay ago")
			.register(meters);
		Gauge.builder("pipeline.publish.sitemap.pending", index, SiteWriter::pendingParts)
			.description("Changed sitemap parts waiting for their write (pipeline.publish.sitemap-delay)")
			.register(meters);
		this.renderTime = batchStep("render", meters);
		this.writeTime = batchStep("write", meters);
		this.announceTime = batchStep("announce", meters);
	}

	private static int pendingParts(SiteIndex index) {
		SiteShelf shelf = index.loadedShelf(SITE_PARTITION);
		return (shelf != null) ? shelf.pendingPartCount() : 0;
	}

	/** The site stage is one writer for the whole site, so its time per batch bounds how fast changes go live. */
	private static Timer batchStep(String step, MeterRegistry meters) {
		return Timer.builder("pipeline.publish.site.batch")
			.tag("step", step)
			.description("Time of one step of a site batch: render (state and pages), write (bucket), announce "
					+ "(PostPublished sent and acknowledged)")
			.register(meters);
	}

	void write(List<ConsumerRecord<String, SiteChange>> records, RecordTraces.Batch traces) {
		if (records.isEmpty()) {
			return;
		}
		long start = System.nanoTime();
		SiteShelf shelf = this.index.shelf(records.get(0).partition());
		Set<Integer> touched = new TreeSet<>();
		List<Applied> applied = new ArrayList<>();
		for (ConsumerRecord<String, SiteChange> record : records) {
			Observation observation = traces.start(record);
			SiteShelf.Effect effect = shelf.apply(record.value());
			if (effect == null) {
				this.stale.increment();
				continue;
			}
			touched.add(effect.part());
			applied.add(new Applied(record.value(), effect, observation));
		}
		if (applied.isEmpty()) {
			return;
		}
		CatalogEntry last = applied.get(applied.size() - 1).change().entry();
		Pages pages = writePages(shelf, touched, Bucket.postMetadata(last.postId(), last.version()), start,
				this.properties.sitemapDelay());
		announce(applied, shelf.sitemapParts(), pages);
		this.announceTime.record(System.nanoTime() - pages.stored(), TimeUnit.NANOSECONDS);
		log.debug("Rewrote the site-wide pages for {} changes ({} sitemap parts changed, {} written)", applied.size(),
				touched.size(), pages.parts().size());
	}

	/**
	 * Writes what waits once the stage is idle (no change came for a moment, so the burst the delay was for is over):
	 * every sitemap part put off, or every site-wide page for a shelf loaded since the last batch (after a restart or a
	 * rebalance: the owner before may have put off parts and then stopped). Called on the consumer thread, between
	 * polls.
	 */
	void writeDue() {
		SiteShelf shelf = this.index.shelf(SITE_PARTITION);
		if (!shelf.everyPartDue() && !shelf.hasPendingParts()) {
			return;
		}
		Pages pages = writePages(shelf, Set.of(), Map.of(), System.nanoTime(), Duration.ZERO);
		log.info("Wrote {} sitemap parts that were put off{}", pages.parts().size(),
				pages.everyPart() ? ", and every site-wide page of the site index loaded since" : "");
	}

	/**
	 * Renders the site-wide pages from {@code shelf}, then writes them concurrently (every object is a different key):
	 * home page and feed, the changed sitemap parts not written in the last {@code delay} (see
	 * {@link SiteShelf#dueParts}), the sitemap index and the pages part when they changed; a shelf loaded since writes
	 * every part and then deletes the parts of an earlier layout. When the index changes (a part gained its first post
	 * or lost its last) no part is put off, so the index never lists a part not written yet.
	 */
	private Pages writePages(SiteShelf shelf, Set<Integer> touched, Map<String, String> metadata, long start,
			Duration delay) {
		List<Runnable> writes = new ArrayList<>();
		WrittenContent written = shelf.written();
		String home = this.homePage.render(shelf.newest(this.properties.homeRecentPosts()), shelf.authors());
		writes.add(() -> this.bucket.put(SiteLayout.HOME_KEY, home, ContentKind.HTML, metadata, written));
		String feed = this.feed.render(this.properties.siteTitle(), SiteLayout.pathOf(SiteLayout.FEED_KEY),
				SiteLayout.HOME_PATH, shelf.newest(this.properties.feedEntries()));
		writes.add(() -> this.bucket.put(SiteLayout.FEED_KEY, feed, ContentKind.ATOM, metadata, written));
		// a new shelf writes every part: the bucket may hold another layout's (stale ones are deleted after)
		boolean everyPart = shelf.everyPartDue();
		boolean indexWritten = shelf.partListDirty();
		long now = System.nanoTime();
		Set<Integer> parts = everyPart ? new TreeSet<>(shelf.parts())
				: shelf.dueParts(touched, now, indexWritten ? Duration.ZERO : delay);
		Set<Integer> putOff = new TreeSet<>(touched);
		putOff.removeAll(parts);
		for (int part : parts) {
			List<CatalogEntry> posts = shelf.part(part);
			String key = SiteLayout.sitemapPartKey(part, shelf.sitemapParts());
			if (posts.isEmpty()) {
				writes.add(() -> this.bucket.delete(key, written));
			}
			else {
				String xml = this.sitemaps.renderPart(posts, shelf.sitemapLines());
				writes.add(() -> this.bucket.put(key, xml, ContentKind.XML, metadata, written));
			}
		}
		// the lists grow with the site, so they are written only when they change
		boolean pagesWritten = shelf.authorsDirty();
		if (pagesWritten) {
			String pages = this.sitemaps.renderPages(shelf.authors());
			writes.add(() -> this.bucket.put(SiteLayout.SITEMAP_PAGES_KEY, pages, ContentKind.XML, metadata, written));
		}
		List<String> partKeys = shelf.parts()
			.stream()
			.map((part) -> SiteLayout.sitemapPartKey(part, shelf.sitemapParts()))
			.toList();
		if (indexWritten) {
			String index = this.sitemaps.renderIndex(partKeys);
			writes.add(() -> this.bucket.put(SiteLayout.SITEMAP_KEY, index, ContentKind.XML, metadata, written));
		}
		long rendered = System.nanoTime();
		this.renderTime.record(rendered - start, TimeUnit.NANOSECONDS);
		this.writes.runAll(writes);
		if (everyPart) {
			deleteStaleParts(partKeys, written);
		}
		shelf.listsWritten();
		shelf.partsWritten(parts, now, everyPart);
		this.deferred.increment(putOff.size());
		long stored = System.nanoTime();
		this.writeTime.record(stored - rendered, TimeUnit.NANOSECONDS);
		return new Pages(parts, everyPart, pagesWritten, indexWritten, stored);
	}

	/**
	 * Deletes the sitemap parts in the bucket that the index no longer lists: an earlier layout's (another number of
	 * parts, or the monthly parts of before), or parts emptied while no instance owned the site. Only after the new
	 * parts and the index are written, so the index never lists a missing part.
	 */
	private void deleteStaleParts(List<String> partKeys, WrittenContent written) {
		Set<String> current = new HashSet<>(partKeys);
		List<Runnable> deletes = new ArrayList<>();
		for (String key : this.bucket.keys(SiteLayout.SITEMAP_POSTS_PREFIX)) {
			if (!current.contains(key)) {
				deletes.add(() -> this.bucket.delete(key, written));
			}
		}
		if (!deletes.isEmpty()) {
			log.info("Deleting {} sitemap parts the sitemap index no longer lists", deletes.size());
			this.writes.runAll(deletes);
		}
	}

	private void announce(List<Applied> applied, int sitemapParts, Pages pages) {
		Instant now = Instant.now();
		List<CompletableFuture<?>> sends = new ArrayList<>(applied.size());
		for (Applied change : applied) {
			List<String> siteKeys = new ArrayList<>();
			siteKeys.add(SiteLayout.HOME_KEY);
			siteKeys.add(SiteLayout.FEED_KEY);
			if (pages.parts().contains(change.effect().part())) {
				// else put off (see PublishProperties#sitemapDelay): written later, with no announcement of its own
				siteKeys.add(SiteLayout.sitemapPartKey(change.effect().part(), sitemapParts));
			}
			if (pages.pagesPart()) {
				siteKeys.add(SiteLayout.SITEMAP_PAGES_KEY);
			}
			if (pages.index()) {
				siteKeys.add(SiteLayout.SITEMAP_KEY);
			}
			Set<String> keys = new LinkedHashSet<>(change.change().objectKeys());
			keys.addAll(siteKeys);
			Set<String> paths = new LinkedHashSet<>(change.change().changedPaths());
			siteKeys.stream().map(SiteLayout::pathOf).forEach(paths::add);
			PostEvent announcement = announcement(change.change().entry(), List.copyOf(keys), List.copyOf(paths),
					now);
			// the announcement carries on the trace of the record that made it
			sends.add(change.observation().scoped(() -> {
				try (MDC.MDCCloseable postId = MDC.putCloseable("postId", announcement.postId());
						MDC.MDCCloseable version = MDC.putCloseable("version",
								Long.toString(announcement.version()))) {
					log.info("Announcing {} of version {} of post {}: {} objects",
							announcement.getClass().getSimpleName(), announcement.version(), announcement.postId(),
							keys.size());
					return this.kafka.send(announced(announcement, change.change().replayId()));
				}
			}));
			this.objectsWritten.record(keys.size());
		}
		// sent now rather than after the producer's linger.ms: nothing else of this batch would join them
		this.kafka.flush();
		IndexSendException.await(sends, this.properties.sendTimeout(), Topics.POSTS_PUBLISHED);
		for (Applied change : applied) {
			boolean live = change.change().entry().live();
			(live ? this.published : this.unpublished).increment();
			(live ? this.postsPublished : this.postsWithdrawn).increment();
		}
	}

	/** The announcement's record; a replayed version's carries the replay id, so the replay's progress is counted. */
	private static ProducerRecord<String, Object> announced(PostEvent announcement, @Nullable String replayId) {
		ProducerRecord<String, Object> record = new ProducerRecord<>(Topics.POSTS_PUBLISHED, announcement.postId(),
				announcement);
		if (replayId != null) {
			record.headers().add(ReplayHeader.NAME, ReplayHeader.encode(replayId));
		}
		return record;
	}

	private static PostEvent announcement(CatalogEntry entry, List<String> keys, List<String> paths, Instant now) {
		if (entry.live()) {
			return new PostPublished(SchemaVersion.CURRENT, entry.postId(), entry.version(), entry.slug(),
					SiteLayout.postPath(entry.slug()), keys, paths, entry.acceptedAt(), now);
		}
		return new PostUnpublished(SchemaVersion.CURRENT, entry.postId(), entry.version(), keys, paths,
				entry.acceptedAt(), now);
	}

	private record Applied(SiteChange change, SiteShelf.Effect effect, Observation observation) {

	}

	/**
	 * What {@link #writePages} wrote: these sitemap parts (every part, for a new shelf), the pages part, the index;
	 * {@code stored} is when it was done ({@link System#nanoTime()}).
	 */
	private record Pages(Set<Integer> parts, boolean everyPart, boolean pagesPart, boolean index, long stored) {

	}

}

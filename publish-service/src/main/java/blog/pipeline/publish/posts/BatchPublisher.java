package blog.pipeline.publish.posts;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import blog.pipeline.events.PostEvent;
import blog.pipeline.events.PostRendered;
import blog.pipeline.events.PostUnpublished;
import blog.pipeline.events.PostWithdrawn;
import blog.pipeline.events.SchemaVersion;
import blog.pipeline.events.Topics;
import blog.pipeline.publish.PublishProperties;
import blog.pipeline.publish.authorindex.AuthorIndexChange;
import blog.pipeline.publish.authorindex.AuthorIndexes;
import blog.pipeline.publish.authorindex.IndexSendException;
import blog.pipeline.publish.bucket.Bucket;
import blog.pipeline.publish.bucket.ContentKind;
import blog.pipeline.publish.bucket.ParallelWrites;
import blog.pipeline.publish.bucket.SiteLayout;
import blog.pipeline.publish.catalog.Catalog;
import blog.pipeline.publish.catalog.CatalogChanges;
import blog.pipeline.publish.catalog.CatalogEntry;
import blog.pipeline.publish.pages.RedirectPage;
import blog.pipeline.publish.tracing.Traced;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Stage one of publishing: applies a batch of rendered and withdrawn posts, in this order:
 * <ol>
 * <li>per event newer than the catalog's version of its post: put or delete the post page (and the redirect pages
 * at its earlier slugs); an event whose version is not newer is skipped and counted in
 * {@code pipeline.publish.stale}, and so is one whose page in the bucket already carries a newer version (written by
 * another instance that owned the partition before; the bucket is asked only for events that were in the partition
 * when this instance was assigned it, about posts whose page it has not written since, see
 * {@link Catalog#appendedSinceAssigned} and {@link Catalog#pageWrittenHere}); a full replay's
 * {@link PostRendered} (it carries a {@link blog.pipeline.events.ReplayHeader replay id}) of the version the
 * catalog has live is applied again: the page is rewritten with the new rendering and the indexes with the same
 * entry, an older version still never wins;</li>
 * <li>send the index changes to {@link Topics#PUBLISH_AUTHOR_INDEX}, keyed and partitioned by author: an upsert for
 * the post's author and a removal for its previous author when that changed; wait for Kafka;</li>
 * <li>write the changed catalog entries to {@link Topics#POSTS_CATALOG} and wait for Kafka.</li>
 * </ol>
 * The caller commits the consumed offsets only after all of it succeeded. Every step is idempotent, so a failure or a
 * crash anywhere leads to the same batch being applied again, and the catalog never runs ahead of the bucket or the
 * index topic. Author pages, site pages and the announcement follow from the index topic.
 */
@Component
class BatchPublisher {

	private static final Logger log = LoggerFactory.getLogger(BatchPublisher.class);

	private final Catalog catalog;

	private final Bucket bucket;

	private final AuthorIndexes indexes;

	private final RedirectPage redirectPage;

	private final ParallelWrites writes;

	private final KafkaTemplate<String, Object> kafka;

	private final Duration sendTimeout;

	private final Counter stale;

	private final Timer submitToLive;

	private final Counter withdrawnUnlisted;

	private final Counter versionChecks;

	BatchPublisher(Catalog catalog, Bucket bucket, AuthorIndexes indexes, RedirectPage redirectPage,
			ParallelWrites writes, KafkaTemplate<String, Object> kafka, PublishProperties properties,
			MeterRegistry meters) {
		this.catalog = catalog;
		this.bucket = bucket;
		this.indexes = indexes;
		this.redirectPage = redirectPage;
		this.writes = writes;
		this.kafka = kafka;
		this.sendTimeout = properties.sendTimeout();
		this.stale = Counter.builder("pipeline.publish.stale")
			.description("Events skipped because the catalog already has that version of the post or a newer one")
			.register(meters);
		this.submitToLive = Timer.builder("pipeline.submit.to.live")
			.description("From the time ingest accepted a post version to the time its page was written")
			.publishPercentileHistogram()
			.minimumExpectedValue(Duration.ofMillis(10))
			.maximumExpectedValue(Duration.ofHours(1))
			.register(meters);
		// the same counter the site writer increments for withdrawals of listed posts
		this.withdrawnUnlisted = Counter.builder("pipeline.posts.withdrawn")
			.description("Post withdrawals applied and announced")
			.register(meters);
		this.versionChecks = Counter.builder("pipeline.publish.version.checks")
			.description("Post pages whose version in the bucket was read before writing (the version guard)")
			.register(meters);
	}

	/**
	 * Applies {@code events} (validated, in partition order) to the bucket, the index topic and the catalog. Events
	 * that share no post and no slug are applied concurrently (see {@link Lanes}); the events of one lane, and so the
	 * versions of one post, keep their order.
	 */
	void publish(List<Incoming> events) {
		CatalogChanges changes = this.catalog.changes();
		List<Outcome> outcomes = new ArrayList<>(events.size());
		List<Set<String>> keys = new ArrayList<>(events.size());
		for (Incoming incoming : events) {
			outcomes.add(new Outcome());
			// read on this thread, so the catalog partition is loaded before the lanes start
			keys.add(keysOf(incoming.event(), changes.get(incoming.partition(), incoming.event().postId())));
		}
		List<Runnable> lanes = new ArrayList<>();
		for (List<Integer> lane : Lanes.of(keys)) {
			lanes.add(() -> lane.forEach((i) -> apply(events.get(i), changes, outcomes.get(i))));
		}
		this.writes.runAll(lanes);
		List<Traced<AuthorIndexChange>> indexChanges = new ArrayList<>();
		List<Traced<PostEvent>> announcements = new ArrayList<>();
		List<Duration> pagesLive = new ArrayList<>();
		for (Outcome outcome : outcomes) {
			indexChanges.addAll(outcome.indexChanges);
			announcements.addAll(outcome.announcements);
			pagesLive.addAll(outcome.pagesLive);
		}
		this.indexes.send(indexChanges);
		this.catalog.commit(changes);
		// recorded once the batch is through, so a retried batch does not count its pages twice
		pagesLive.forEach(this.submitToLive::record);
		announce(announcements);
	}

	/** Whether {@code incoming} re-publishes the live version {@code current} for a full replay. */
	private static boolean isReplayOf(Incoming incoming, CatalogEntry current) {
		return incoming.replayId() != null && incoming.event() instanceof PostRendered
				&& incoming.event().version() == current.version() && current.live();
	}

	/** The post and the slugs whose objects an event may read or write, given the post's state before the batch. */
	private static Set<String> keysOf(PostEvent event, @Nullable CatalogEntry current) {
		Set<String> keys = new LinkedHashSet<>();
		keys.add("post:" + event.postId());
		if (event instanceof PostRendered rendered) {
			keys.add("slug:" + rendered.slug());
		}
		if (current != null) {
			keys.add("slug:" + current.slug());
			current.redirects().forEach((slug) -> keys.add("slug:" + slug));
		}
		return keys;
	}

	private void apply(Incoming incoming, CatalogChanges changes, Outcome outcome) {
		PostEvent event = incoming.event();
		Observation observation = incoming.observation();
		// the event's writes and log lines belong to the trace its record carried
		try (Observation.Scope scope = observation.openScope();
				MDC.MDCCloseable postId = MDC.putCloseable("postId", event.postId());
				MDC.MDCCloseable version = MDC.putCloseable("version", Long.toString(event.version()))) {
			CatalogEntry current = changes.get(incoming.partition(), event.postId());
			if (current != null && event.version() <= current.version() && !isReplayOf(incoming, current)) {
				skip(event, current.version());
			}
			else if (event instanceof PostRendered rendered) {
				publishPage(incoming.partition(), incoming.offset(), rendered, incoming.replayId(), current, changes,
						outcome.indexChanges, observation, outcome.pagesLive);
			}
			else if (event instanceof PostWithdrawn withdrawn) {
				withdrawPage(incoming.partition(), incoming.offset(), withdrawn, current, changes, outcome.indexChanges,
						outcome.announcements, observation);
			}
			else {
				throw new InvalidPostEventException(event.getClass().getSimpleName() + " cannot be published");
			}
		}
	}

	private void skip(PostEvent event, long applied) {
		this.stale.increment();
		log.info("Skipping version {} of post {}: version {} is already applied", event.version(), event.postId(),
				applied);
	}

	private void publishPage(int partition, long offset, PostRendered rendered, @Nullable String replayId,
			@Nullable CatalogEntry current,
			CatalogChanges changes, List<Traced<AuthorIndexChange>> indexChanges, Observation observation,
			List<Duration> pagesLive) {
		String postId = rendered.postId();
		String key = SiteLayout.postKey(rendered.slug());
		long live = versionInBucket(key, postId, partition, offset, changes);
		if (live > rendered.version()) {
			skip(rendered, live);
			return;
		}
		this.bucket.put(key, rendered.pageHtml(), ContentKind.HTML,
				Bucket.postMetadata(postId, rendered.version()));
		if (replayId == null) {
			// a replayed version was accepted long ago: its time to live is not the pipeline's latency
			pagesLive.add(Duration.between(rendered.acceptedAt(), Instant.now()));
		}
		Touched touched = new Touched();
		touched.add(key);
		Set<String> redirects = new LinkedHashSet<>((current != null) ? current.redirects() : List.of());
		boolean wasLive = current != null && current.live();
		if (wasLive && !current.slug().equals(rendered.slug())) {
			redirects.add(current.slug());
		}
		redirects.remove(rendered.slug());
		if (wasLive && !current.slug().equals(rendered.slug())) {
			// every earlier slug now points straight at the new page
			String location = SiteLayout.postPath(rendered.slug());
			for (String slug : redirects) {
				String redirectKey = SiteLayout.postKey(slug);
				if (ownedBy(redirectKey, postId)) {
					this.bucket.putRedirect(redirectKey, this.redirectPage.render(location), location,
							Bucket.postMetadata(postId, rendered.version()));
					touched.add(redirectKey);
				}
			}
		}
		CatalogEntry entry = CatalogEntry.of(rendered, List.copyOf(redirects));
		String authorId = rendered.author().id();
		Instant previousPublishedAt = null;
		if (wasLive) {
			String previousAuthor = current.author().id();
			if (!previousAuthor.equals(authorId)) {
				// the previous author's pages change too; its writer may run elsewhere, so name them here
				touched.add(SiteLayout.authorKey(previousAuthor));
				touched.add(SiteLayout.authorFeedKey(previousAuthor));
				touched.add(SiteLayout.authorMonthKey(previousAuthor, SiteLayout.monthOf(current.publishedAt())));
				indexChanges.add(new Traced<>(new AuthorIndexChange(previousAuthor, entry, false, false,
						current.publishedAt(), List.of(), List.of()), observation));
			}
			previousPublishedAt = current.publishedAt();
		}
		indexChanges.add(new Traced<>(new AuthorIndexChange(authorId, entry, true, true, previousPublishedAt,
				touched.keys(), touched.paths(), replayId), observation));
		changes.putWritten(partition, entry);
		log.info("Published version {} of post {} at {}{}", rendered.version(), postId, key,
				(replayId != null) ? " for replay " + replayId : "");
	}

	private void withdrawPage(int partition, long offset, PostWithdrawn withdrawn, @Nullable CatalogEntry current,
			CatalogChanges changes, List<Traced<AuthorIndexChange>> indexChanges,
			List<Traced<PostEvent>> announcements, Observation observation) {
		String postId = withdrawn.postId();
		CatalogEntry entry = CatalogEntry.withdrawn(withdrawn, current);
		Touched touched = new Touched();
		if (current != null && current.live()) {
			String key = SiteLayout.postKey(current.slug());
			long live = versionInBucket(key, postId, partition, offset, changes);
			if (live > withdrawn.version()) {
				skip(withdrawn, live);
				return;
			}
			deleteIfOwned(key, postId, touched);
			current.redirects().forEach((slug) -> deleteIfOwned(SiteLayout.postKey(slug), postId, touched));
			indexChanges.add(new Traced<>(new AuthorIndexChange(current.author().id(), entry, false, true,
					current.publishedAt(), touched.keys(), touched.paths()), observation));
			changes.putWritten(partition, entry);
		}
		else {
			// nothing of it is listed anywhere: announce here, no index changes
			announcements.add(new Traced<>(new PostUnpublished(SchemaVersion.CURRENT, postId, withdrawn.version(),
					List.of(), List.of(), withdrawn.acceptedAt(), Instant.now()), observation));
			changes.put(partition, entry);
		}
		log.info("Withdrew version {} of post {}", withdrawn.version(), postId);
	}

	/**
	 * The version of {@code postId} the page at {@code key} shows, or 0 if it shows no version of that post. Asks the
	 * bucket only when the event at {@code offset} was in the partition before this instance got it and this
	 * instance has not written the post's page since (see {@link Catalog#appendedSinceAssigned} and
	 * {@link Catalog#pageWrittenHere}): else the page shows at most the catalog's version, which the caller already
	 * compared.
	 */
	private long versionInBucket(String key, String postId, int partition, long offset, CatalogChanges changes) {
		if (this.catalog.appendedSinceAssigned(partition, offset) || changes.pageWrittenHere(partition, postId)) {
			return 0;
		}
		this.versionChecks.increment();
		Optional<Map<String, String>> metadata = this.bucket.metadata(key);
		if (metadata.isEmpty() || !postId.equals(metadata.get().get(Bucket.POST_ID_METADATA))) {
			return 0;
		}
		try {
			return Long.parseLong(metadata.get().getOrDefault(Bucket.POST_VERSION_METADATA, "0"));
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	/** Whether the object at {@code key} is missing or belongs to {@code postId} (not to a post that took the slug). */
	private boolean ownedBy(String key, String postId) {
		Optional<Map<String, String>> metadata = this.bucket.metadata(key);
		String owner = metadata.map((m) -> m.get(Bucket.POST_ID_METADATA)).orElse(null);
		return owner == null || owner.equals(postId);
	}

	private void deleteIfOwned(String key, String postId, Touched touched) {
		if (ownedBy(key, postId)) {
			this.bucket.delete(key);
			touched.add(key);
		}
		else {
			log.warn("Keeping {}: another post has that page now", key);
		}
	}

	private void announce(List<Traced<PostEvent>> announcements) {
		List<CompletableFuture<?>> sends = new ArrayList<>(announcements.size());
		for (Traced<PostEvent> announcement : announcements) {
			PostEvent event = announcement.value();
			sends.add(announcement.inScope(() -> this.kafka.send(Topics.POSTS_PUBLISHED, event.postId(), event)));
		}
		IndexSendException.await(sends, this.sendTimeout, Topics.POSTS_PUBLISHED);
		this.withdrawnUnlisted.increment(announcements.size());
	}

	/**
	 * A consumed event, the partition and offset it came from (its post's state lives in the same catalog
	 * partition), the observation of its record (its trace) and the full replay it belongs to, if any.
	 */
	record Incoming(int partition, long offset, PostEvent event, Observation observation, @Nullable String replayId) {

	}

	/** What applying one event produced, gathered in batch order once every lane is through. */
	private static final class Outcome {

		private final List<Traced<AuthorIndexChange>> indexChanges = new ArrayList<>();

		private final List<Traced<PostEvent>> announcements = new ArrayList<>();

		private final List<Duration> pagesLive = new ArrayList<>();

	}

	/** The keys a change wrote and their public paths. */
	private static final class Touched {

		private final Set<String> keys = new LinkedHashSet<>();

		void add(String key) {
			this.keys.add(key);
		}

		List<String> keys() {
			return List.copyOf(this.keys);
		}

		List<String> paths() {
			return this.keys.stream().map(SiteLayout::pathOf).toList();
		}

	}

}

package blog.pipeline.publish.posts;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import blog.pipeline.events.PostEvent;
import blog.pipeline.events.PostPublished;
import blog.pipeline.events.PostRendered;
import blog.pipeline.events.PostUnpublished;
import blog.pipeline.events.PostWithdrawn;
import blog.pipeline.events.SchemaVersion;
import blog.pipeline.events.Topics;
import blog.pipeline.publish.PublishProperties;
import blog.pipeline.publish.authorindex.AuthorIndexPage;
import blog.pipeline.publish.bucket.Bucket;
import blog.pipeline.publish.bucket.SiteLayout;
import blog.pipeline.publish.catalog.Catalog;
import blog.pipeline.publish.catalog.CatalogChanges;
import blog.pipeline.publish.catalog.CatalogEntry;
import blog.pipeline.publish.homepage.HomePage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Applies one batch of post events, in this order:
 * <ol>
 * <li>per event, newer than the catalog's version of its post: put or delete the post page (an event whose version
 * is not newer is skipped and counted in {@code pipeline.publish.stale});</li>
 * <li>rewrite each affected author's index once, and the home page once;</li>
 * <li>announce each applied event on {@link Topics#POSTS_PUBLISHED} and wait for Kafka;</li>
 * <li>write the changed catalog entries to {@link Topics#POSTS_CATALOG} and wait for Kafka.</li>
 * </ol>
 * The caller commits the consumed offsets only after all of it succeeded. Every step is idempotent, so a failure or a
 * crash anywhere leads to the same batch being applied again: announcements may repeat, none is lost, and the catalog
 * topic never runs ahead of the bucket.
 * <p>
 * Single writer: author indexes are rebuilt from this instance's catalog, so exactly one publish consumer (this
 * service's one listener thread) may write them. Running several instances needs one owner per author first, e.g. an
 * author-keyed topic feeding the index writer; until then the service runs as a single instance.
 */
@Component
class BatchPublisher {

	private static final Logger log = LoggerFactory.getLogger(BatchPublisher.class);

	private final Catalog catalog;

	private final Bucket bucket;

	private final AuthorIndexPage authorIndex;

	private final HomePage homePage;

	private final KafkaTemplate<String, Object> kafka;

	private final Duration sendTimeout;

	private final Counter stale;

	private final Counter published;

	private final Counter unpublished;

	BatchPublisher(Catalog catalog, Bucket bucket, AuthorIndexPage authorIndex, HomePage homePage,
			KafkaTemplate<String, Object> kafka, PublishProperties properties, MeterRegistry meters) {
		this.catalog = catalog;
		this.bucket = bucket;
		this.authorIndex = authorIndex;
		this.homePage = homePage;
		this.kafka = kafka;
		this.sendTimeout = properties.sendTimeout();
		this.stale = Counter.builder("pipeline.publish.stale")
			.description("Events skipped because the catalog already has that version of the post or a newer one")
			.register(meters);
		this.published = Counter.builder("pipeline.publish.applied")
			.tag("change", "published")
			.description("Post versions applied to the bucket")
			.register(meters);
		this.unpublished = Counter.builder("pipeline.publish.applied")
			.tag("change", "unpublished")
			.description("Post versions applied to the bucket")
			.register(meters);
	}

	/** Applies {@code events} (validated, in partition order) to the bucket, Kafka and the catalog. */
	void publish(List<PostEvent> events) {
		CatalogChanges changes = this.catalog.changes();
		List<Applied> applied = new ArrayList<>();
		for (PostEvent event : events) {
			try (MDC.MDCCloseable postId = MDC.putCloseable("postId", event.postId())) {
				CatalogEntry current = changes.get(event.postId());
				if (current != null && event.version() <= current.version()) {
					this.stale.increment();
					log.info("Skipping version {} of post {}: version {} is already applied", event.version(),
							event.postId(), current.version());
				}
				else if (event instanceof PostRendered rendered) {
					applied.add(publishPage(rendered, current, changes));
				}
				else if (event instanceof PostWithdrawn withdrawn) {
					applied.add(withdrawPage(withdrawn, current, changes));
				}
				else {
					throw new InvalidPostEventException(event.getClass().getSimpleName() + " cannot be published");
				}
			}
		}
		if (applied.isEmpty()) {
			return;
		}
		boolean homeWritten = rewriteIndexes(applied, changes);
		announce(applied, homeWritten);
		this.catalog.commit(changes);
		applied.forEach((change) -> ((change.event() instanceof PostRendered) ? this.published : this.unpublished)
			.increment());
	}

	private Applied publishPage(PostRendered rendered, @Nullable CatalogEntry current, CatalogChanges changes) {
		String key = SiteLayout.postKey(rendered.slug());
		if (changes.slugTakenByAnotherPost(rendered.slug(), rendered.postId())) {
			log.warn("Post {} takes over the page {} of another post", rendered.postId(), key);
		}
		this.bucket.putPostPage(key, rendered.pageHtml(), rendered.version());
		Applied change = new Applied(rendered);
		change.touched(key, SiteLayout.postPath(rendered.slug()));
		change.authorIds().add(rendered.author().id());
		if (current != null && current.live()) {
			String oldSlug = current.slug();
			if (!oldSlug.equals(rendered.slug())) {
				deletePage(oldSlug, rendered.postId(), changes, change);
			}
			change.authorIds().add(current.author().id());
		}
		changes.put(CatalogEntry.of(rendered));
		log.info("Published version {} of post {} at {}", rendered.version(), rendered.postId(), key);
		return change;
	}

	private Applied withdrawPage(PostWithdrawn withdrawn, @Nullable CatalogEntry current, CatalogChanges changes) {
		Applied change = new Applied(withdrawn);
		if (current != null && current.live()) {
			deletePage(current.slug(), withdrawn.postId(), changes, change);
			change.authorIds().add(current.author().id());
		}
		changes.put(CatalogEntry.withdrawn(withdrawn, current));
		log.info("Withdrew version {} of post {}", withdrawn.version(), withdrawn.postId());
		return change;
	}

	/** Deletes the page at {@code slug} unless another live post has taken that slug over. */
	private void deletePage(String slug, String postId, CatalogChanges changes, Applied change) {
		if (changes.slugTakenByAnotherPost(slug, postId)) {
			log.warn("Keeping the page at slug {}: another post has it now", slug);
			return;
		}
		String key = SiteLayout.postKey(slug);
		this.bucket.delete(key);
		change.touched(key, SiteLayout.postPath(slug));
	}

	/**
	 * Rewrites each affected author's index once (or deletes it when the author has no post left) and then the home
	 * page; returns whether the home page was written.
	 */
	private boolean rewriteIndexes(List<Applied> applied, CatalogChanges changes) {
		Set<String> authorIds = new LinkedHashSet<>();
		applied.forEach((change) -> authorIds.addAll(change.authorIds()));
		for (String authorId : authorIds) {
			String key = SiteLayout.authorKey(authorId);
			Optional<String> page = this.authorIndex.render(authorId, changes.livePostsBy(authorId));
			if (page.isPresent()) {
				this.bucket.putHtml(key, page.get());
			}
			else {
				this.bucket.delete(key);
			}
		}
		boolean homeWritten = !authorIds.isEmpty();
		if (homeWritten) {
			this.bucket.putHtml(SiteLayout.HOME_KEY, this.homePage.render(changes.livePosts()));
		}
		log.debug("Rewrote {} author indexes for {} changes", authorIds.size(), applied.size());
		return homeWritten;
	}

	private void announce(List<Applied> applied, boolean homeWritten) {
		Instant now = Instant.now();
		List<CompletableFuture<?>> sends = new ArrayList<>(applied.size());
		for (Applied change : applied) {
			for (String authorId : change.authorIds()) {
				change.touched(SiteLayout.authorKey(authorId), SiteLayout.authorPath(authorId));
			}
			if (homeWritten) {
				change.touched(SiteLayout.HOME_KEY, SiteLayout.HOME_PATH);
			}
			PostEvent announcement = announcement(change, now);
			sends.add(this.kafka.send(Topics.POSTS_PUBLISHED, announcement.postId(), announcement));
		}
		await(sends);
	}

	private static PostEvent announcement(Applied change, Instant now) {
		if (change.event() instanceof PostRendered rendered) {
			return new PostPublished(SchemaVersion.CURRENT, rendered.postId(), rendered.version(), rendered.slug(),
					SiteLayout.postPath(rendered.slug()), List.copyOf(change.objectKeys()),
					List.copyOf(change.changedPaths()), rendered.acceptedAt(), now);
		}
		PostWithdrawn withdrawn = (PostWithdrawn) change.event();
		return new PostUnpublished(SchemaVersion.CURRENT, withdrawn.postId(), withdrawn.version(),
				List.copyOf(change.objectKeys()), List.copyOf(change.changedPaths()), withdrawn.acceptedAt(), now);
	}

	private void await(List<CompletableFuture<?>> sends) {
		try {
			CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
				.get(this.sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			throw new EventSendException("Could not announce " + sends.size() + " changes on " + Topics.POSTS_PUBLISHED,
					ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new EventSendException(
					"Kafka did not acknowledge " + sends.size() + " announcements within " + this.sendTimeout, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new EventSendException("Interrupted while announcing changes", ex);
		}
	}

	/**
	 * What one applied event changed: every key it put or deleted (its post page, the old page after a slug change,
	 * the author indexes and the home page that list it) and their public paths.
	 */
	private record Applied(PostEvent event, Set<String> objectKeys, Set<String> changedPaths, Set<String> authorIds) {

		Applied(PostEvent event) {
			this(event, new LinkedHashSet<>(), new LinkedHashSet<>(), new LinkedHashSet<>());
		}

		void touched(String key, String path) {
			this.objectKeys.add(key);
			this.changedPaths.add(path);
		}

	}


}

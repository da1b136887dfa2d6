package blog.pipeline.publish.catalog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import blog.pipeline.events.Topics;
import blog.pipeline.publish.PublishProperties;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * The in-memory catalog of every post this service applied, rebuilt at startup from the compacted
 * {@link Topics#POSTS_CATALOG} topic (see {@link CatalogLoader}) and kept in step with it by {@link #commit}.
 * <p>
 * One writer: the single publish listener thread calls {@link #commit}. With several publish instances each would
 * hold only the posts of its own partitions while author indexes need all posts of an author; that needs one owner
 * per author (a topic keyed by author id feeding the index writer) before the service can scale out.
 */
@Component
public class Catalog {

	private final Map<String, CatalogEntry> entries = new ConcurrentHashMap<>();

	/** Author id → ids of the author's live posts. */
	private final Map<String, Set<String>> liveByAuthor = new ConcurrentHashMap<>();

	/** Slug → id of the live post that has it. */
	private final Map<String, String> liveBySlug = new ConcurrentHashMap<>();

	private final KafkaTemplate<String, Object> kafka;

	private final Duration sendTimeout;

	Catalog(KafkaTemplate<String, Object> kafka, PublishProperties properties) {
		this.kafka = kafka;
		this.sendTimeout = properties.sendTimeout();
	}

	public @Nullable CatalogEntry get(String postId) {
		return this.entries.get(postId);
	}

	public int size() {
		return this.entries.size();
	}

	/** Starts a set of changes on top of the current state; nothing is visible until {@link #commit}. */
	public CatalogChanges changes() {
		return new CatalogChanges(this);
	}

	/**
	 * Writes the changed entries to the catalog topic and waits until Kafka has them, then makes them the current
	 * state. Called before the consumed offsets are committed, so a restart rebuilds at least this state.
	 * @throws CatalogWriteException if Kafka does not acknowledge every record in time
	 */
	public synchronized void commit(CatalogChanges changes) {
		Collection<CatalogEntry> changed = changes.changed();
		if (changed.isEmpty()) {
			return;
		}
		List<CompletableFuture<?>> sends = new ArrayList<>(changed.size());
		for (CatalogEntry entry : changed) {
			sends.add(this.kafka.send(Topics.POSTS_CATALOG, entry.postId(), entry));
		}
		await(sends, changed.size());
		changed.forEach(this::remember);
	}

	private void await(List<CompletableFuture<?>> sends, int count) {
		try {
			CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
				.get(this.sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			throw new CatalogWriteException("Could not write " + count + " catalog entries to " + Topics.POSTS_CATALOG,
					ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new CatalogWriteException("Kafka did not acknowledge " + count + " catalog entries within "
					+ this.sendTimeout, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new CatalogWriteException("Interrupted while writing catalog entries", ex);
		}
	}

	/** Makes {@code entry} the current state of its post (at load time and after a commit). */
	synchronized void remember(CatalogEntry entry) {
		forget(entry.postId());
		this.entries.put(entry.postId(), entry);
		if (entry.live()) {
			this.liveByAuthor.computeIfAbsent(entry.author().id(), (id) -> ConcurrentHashMap.newKeySet())
				.add(entry.postId());
			this.liveBySlug.put(entry.slug(), entry.postId());
		}
	}

	/** Drops a post entirely (a tombstone in the catalog topic). */
	synchronized void forget(String postId) {
		CatalogEntry previous = this.entries.remove(postId);
		if (previous != null && previous.live()) {
			Set<String> ids = this.liveByAuthor.get(previous.author().id());
			if (ids != null) {
				ids.remove(postId);
				if (ids.isEmpty()) {
					this.liveByAuthor.remove(previous.author().id());
				}
			}
			this.liveBySlug.remove(previous.slug(), postId);
		}
	}

	Collection<CatalogEntry> entries() {
		return this.entries.values();
	}

	Set<String> livePostIdsBy(String authorId) {
		return this.liveByAuthor.getOrDefault(authorId, Set.of());
	}

	@Nullable String livePostWithSlug(String slug) {
		return this.liveBySlug.get(slug);
	}

}

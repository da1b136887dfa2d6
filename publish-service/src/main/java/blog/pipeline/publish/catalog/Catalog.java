package blog.pipeline.publish.catalog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
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
import blog.pipeline.publish.changelog.ChangelogReader;
import blog.pipeline.publish.changelog.PartitionedState;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.stereotype.Component;

/**
 * The latest applied state of every post of the {@link Topics#POSTS_RENDERED} partitions this instance consumes,
 * kept in the compacted {@link Topics#POSTS_CATALOG} topic. Catalog records go to the same partition number as the
 * rendered record they follow, so the owner of a rendered partition finds its posts' state in one catalog partition
 * and loads only that (see {@link PartitionedState}).
 */
@Component
public class Catalog {

	private static final Logger log = LoggerFactory.getLogger(Catalog.class);

	/** How long an assignment waits for the partitions' ends (the rebalance waits with it). */
	private static final Duration END_OFFSETS_TIMEOUT = Duration.ofSeconds(5);

	private final PartitionedState<Entries> partitions;

	/**
	 * The end of each rendered partition (its last stable offset) when this instance was assigned it: no other
	 * instance handled a record from there on, short of one that lost the partition and still writes.
	 */
	private final Map<Integer, Long> endsWhenAssigned = new ConcurrentHashMap<>();

	private final ConsumerAwareRebalanceListener rebalanceListener = new ConsumerAwareRebalanceListener() {

		@Override
		public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> assigned) {
			Catalog.this.partitions.onPartitionsAssigned(consumer, assigned);
			forgetEnds(assigned);
			try {
				consumer.endOffsets(assigned, END_OFFSETS_TIMEOUT)
					.forEach((partition, end) -> Catalog.this.endsWhenAssigned.put(partition.partition(), end));
			}
			catch (KafkaException ex) {
				// then every post page of these partitions is checked in the bucket before it is written
				log.warn("Could not read the end offsets of {}: {}", assigned, ex.toString());
			}
		}

		@Override
		public void onPartitionsRevokedAfterCommit(Consumer<?, ?> consumer, Collection<TopicPartition> revoked) {
			Catalog.this.partitions.onPartitionsRevokedAfterCommit(consumer, revoked);
			forgetEnds(revoked);
		}

		@Override
		public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> lost) {
			Catalog.this.partitions.onPartitionsLost(consumer, lost);
			forgetEnds(lost);
		}

		private void forgetEnds(Collection<TopicPartition> partitions) {
			partitions.forEach((partition) -> Catalog.this.endsWhenAssigned.remove(partition.partition()));
		}

	};

	private final KafkaTemplate<String, Object> kafka;

	private final Duration sendTimeout;

	private final SharedEntries shared;

	Catalog(KafkaTemplate<String, Object> kafka, PublishProperties properties, ChangelogReader reader,
			SharedEntries shared) {
		this.kafka = kafka;
		this.sendTimeout = properties.sendTimeout();
		this.shared = shared;
		this.partitions = new PartitionedState<>((partition) -> load(reader, partition));
	}

	private Entries load(ChangelogReader reader, int partition) {
		Map<String, CatalogEntry> entries = new HashMap<>();
		reader.read(Topics.POSTS_CATALOG, partition, CatalogEntry.class, (postId, entry) -> {
			if (entry == null) {
				entries.remove(postId);
			}
			else {
				entries.merge(entry.postId(), entry, (a, b) -> (b.version() >= a.version()) ? b : a);
			}
		});
		entries.replaceAll((postId, entry) -> this.shared.share(entry));
		return new Entries(entries, new HashSet<>());
	}

	/**
	 * Loads and forgets partitions as the rendered topic's partitions come and go, and notes where each partition
	 * ended when this instance got it.
	 */
	public ConsumerAwareRebalanceListener rebalanceListener() {
		return this.rebalanceListener;
	}

	public @Nullable CatalogEntry get(int partition, String postId) {
		return this.partitions.of(partition).entries().get(postId);
	}

	/**
	 * Whether this instance wrote (or deleted) the post's page itself since it was assigned {@code partition}: then
	 * no newer version of the page can be in the bucket than the catalog's, short of an instance that lost the
	 * partition still writing, which a check of the bucket could not rule out either (it is not atomic with the
	 * write). Cleared with the partition's state whenever the partition is assigned, revoked or lost.
	 */
	public boolean pageWrittenHere(int partition, String postId) {
		return this.partitions.of(partition).writtenHere().contains(postId);
	}

	/**
	 * Whether the record at {@code offset} of the rendered topic's {@code partition} was appended after this
	 * instance was assigned the partition. Then no other instance handled it or any later version of its post (each
	 * post's versions follow one another in its partition), so the bucket holds no newer page of the post than the
	 * catalog knows of, short of an instance that lost the partition and still writes, which a check of the bucket
	 * could not rule out either. False when the partition's end could not be read at assignment.
	 */
	public boolean appendedSinceAssigned(int partition, long offset) {
		Long end = this.endsWhenAssigned.get(partition);
		return end != null && offset >= end;
	}

	/** Starts a set of changes on top of the current state; nothing is visible until {@link #commit}. */
	public CatalogChanges changes() {
		return new CatalogChanges(this);
	}

	/**
	 * Writes the changed entries to the catalog topic (each to its partition) and waits until Kafka has them, then
	 * makes them the current state. Called after the bucket and the index topics have the batch, before the consumed
	 * offsets are committed, so a restart redoes at most the work after the last catalog write.
	 * @throws CatalogWriteException if Kafka does not acknowledge every record in time
	 */
	public void commit(CatalogChanges changes) {
		List<CatalogChanges.Change> changed = changes.changed();
		if (changed.isEmpty()) {
			return;
		}
		List<CompletableFuture<?>> sends = new ArrayList<>(changed.size());
		for (CatalogChanges.Change change : changed) {
			sends.add(this.kafka.send(Topics.POSTS_CATALOG, change.partition(), change.entry().postId(),
					change.entry()));
		}
		await(sends, changed.size());
		for (CatalogChanges.Change change : changed) {
			Entries entries = this.partitions.of(change.partition());
			entries.entries().put(change.entry().postId(), this.shared.share(change.entry()));
			if (change.pageWritten()) {
				entries.writtenHere().add(change.entry().postId());
			}
		}
	}

	/** The entries of one catalog partition, and the posts whose pages this instance wrote since it got it. */
	private record Entries(Map<String, CatalogEntry> entries, Set<String> writtenHere) {

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

}

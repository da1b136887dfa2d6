package blog.pipeline.publish.authorindex;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import blog.pipeline.events.Topics;
import blog.pipeline.publish.PublishProperties;
import blog.pipeline.publish.catalog.SharedEntries;
import blog.pipeline.publish.changelog.ChangelogReader;
import blog.pipeline.publish.changelog.PartitionedState;
import blog.pipeline.publish.tracing.Traced;
import org.apache.kafka.common.utils.Utils;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * The author index topic ({@link Topics#PUBLISH_AUTHOR_INDEX}): sends index changes to the partition of their author,
 * and holds the author shelves of the partitions this instance consumes, read back from the topic itself.
 */
@Component
public class AuthorIndexes {

	private final KafkaTemplate<String, Object> kafka;

	private final Duration sendTimeout;

	private final PartitionedState<Map<String, AuthorShelf>> partitions;

	private final SharedEntries shared;

	private volatile int partitionCount;

	AuthorIndexes(KafkaTemplate<String, Object> kafka, PublishProperties properties, ChangelogReader reader,
			SharedEntries shared) {
		this.kafka = kafka;
		this.sendTimeout = properties.sendTimeout();
		this.shared = shared;
		this.partitions = new PartitionedState<>((partition) -> load(reader, partition));
	}

	private Map<String, AuthorShelf> load(ChangelogReader reader, int partition) {
		Map<String, AuthorShelf> shelves = new HashMap<>();
		reader.read(Topics.PUBLISH_AUTHOR_INDEX, partition, AuthorIndexChange.class, (key, change) -> {
			if (change != null) {
				shelves.computeIfAbsent(change.authorId(), (id) -> new AuthorShelf(this.shared)).apply(change);
			}
		});
		return shelves;
	}

	/** Loads and forgets shelves as the author index topic's partitions come and go. */
	public PartitionedState<?> rebalanceListener() {
		return this.partitions;
	}

	AuthorShelf shelf(int partition, String authorId) {
		return this.partitions.of(partition).computeIfAbsent(authorId, (id) -> new AuthorShelf(this.shared));
	}

	/**
	 * Sends the changes, each to the partition of its author (the same partition the author's key would get) and in
	 * the trace of the record it came from, and waits until Kafka has them all.
	 * @throws IndexSendException if Kafka does not acknowledge them in time
	 */
	public void send(List<Traced<AuthorIndexChange>> changes) {
		if (changes.isEmpty()) {
			return;
		}
		List<CompletableFuture<?>> sends = new ArrayList<>(changes.size());
		for (Traced<AuthorIndexChange> traced : changes) {
			AuthorIndexChange change = traced.value();
			int partition = partitionOf(change.authorId());
			sends.add(traced.inScope(() -> this.kafka.send(Topics.PUBLISH_AUTHOR_INDEX, partition,
					AuthorIndexChange.key(change.authorId(), change.entry().postId()), change)));
		}
		IndexSendException.await(sends, this.sendTimeout, Topics.PUBLISH_AUTHOR_INDEX);
	}

	/** The partition that owns an author: Kafka's default partitioning of the author id as a key. */
	int partitionOf(String authorId) {
		int count = this.partitionCount;
		if (count == 0) {
			count = this.kafka.partitionsFor(Topics.PUBLISH_AUTHOR_INDEX).size();
			this.partitionCount = count;
		}
		return partitionOf(authorId, count);
	}

	static int partitionOf(String authorId, int partitions) {
		return Utils.toPositive(Utils.murmur2(authorId.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
				% partitions;
	}

}

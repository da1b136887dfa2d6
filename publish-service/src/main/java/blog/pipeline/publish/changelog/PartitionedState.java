package blog.pipeline.publish.changelog;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;

/**
 * State held per partition of a consumed topic, loaded from Kafka the first time a batch of that partition needs it
 * and dropped when the partition is revoked or lost (another instance owns it then, and this one reloads it if it
 * gets it back). Only the consumer thread that owns a partition touches its state.
 *
 * @param <S> the state of one partition
 */
public final class PartitionedState<S> implements ConsumerAwareRebalanceListener {

	private final Map<Integer, S> partitions = new ConcurrentHashMap<>();

	private final IntFunction<S> loader;

	/** @param loader reads the state of a partition from its state topic */
	public PartitionedState(IntFunction<S> loader) {
		this.loader = loader;
	}

	/** The state of {@code partition}, read from Kafka if this instance has not loaded it since it was assigned. */
	public S of(int partition) {
		S state = this.partitions.get(partition);
		if (state == null) {
			state = this.loader.apply(partition);
			this.partitions.put(partition, state);
		}
		return state;
	}

	/** The state of {@code partition} if loaded (never loads it): safe to call from any thread. */
	public @Nullable S loaded(int partition) {
		return this.partitions.get(partition);
	}

	@Override
	public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
		// whatever this instance knew from an earlier assignment may be stale now
		partitions.forEach((partition) -> this.partitions.remove(partition.partition()));
	}

	@Override
	public void onPartitionsRevokedAfterCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
		partitions.forEach((partition) -> this.partitions.remove(partition.partition()));
	}

	@Override
	public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
		partitions.forEach((partition) -> this.partitions.remove(partition.partition()));
	}

}

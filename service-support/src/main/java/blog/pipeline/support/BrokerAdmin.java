package blog.pipeline.support;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * One long-lived Kafka admin client for the health probe and the lag gauges; every call is bounded by a timeout, so
 * an unreachable broker makes a call fail rather than hang.
 */

public class BrokerAdmin implements DisposableBean {

	private final Admin admin;

	public BrokerAdmin(KafkaAdmin kafkaAdmin) {
		Map<String, Object> config = new HashMap<>(kafkaAdmin.getConfigurationProperties());
		// with the default (rebootstrap) an admin client that never reached the broker rebootstraps in a tight loop
		config.putIfAbsent(AdminClientConfig.METADATA_RECOVERY_STRATEGY_CONFIG, "none");
		this.admin = Admin.create(config);
	}

	/**
	 * The cluster id, if the broker answers within {@code timeout}.
	 * @throws BrokerUnavailableException if it does not
	 */
	public String clusterId(Duration timeout) {
		return get(this.admin.describeCluster(new DescribeClusterOptions().timeoutMs(millis(timeout))).clusterId(),
				timeout, "describe the cluster");
	}

	/**
	 * How many records of each partition the consumer group has not committed yet: the partition's end offset
	 * (last stable offset, as the group reads committed records only) minus the group's committed offset, or minus
	 * the partition's start offset where the group has committed nothing.
	 * @throws BrokerUnavailableException if the broker does not answer within {@code timeout}
	 */
	public Map<TopicPartition, Long> lag(String group, Collection<TopicPartition> partitions, Duration timeout) {
		if (partitions.isEmpty()) {
			return Map.of();
		}
		Map<TopicPartition, OffsetAndMetadata> committed = get(this.admin
			.listConsumerGroupOffsets(group, new ListConsumerGroupOffsetsOptions().timeoutMs(millis(timeout)))
			.partitionsToOffsetAndMetadata(), timeout, "read the offsets of group " + group);
		Map<TopicPartition, Long> ends = offsets(partitions, OffsetSpec.latest(), timeout);
		List<TopicPartition> uncommitted = partitions.stream()
			.filter((partition) -> committed.get(partition) == null)
			.toList();
		Map<TopicPartition, Long> starts = uncommitted.isEmpty() ? Map.of()
				: offsets(uncommitted, OffsetSpec.earliest(), timeout);
		Map<TopicPartition, Long> lag = new HashMap<>();
		for (TopicPartition partition : partitions) {
			Long end = ends.get(partition);
			if (end == null) {
				continue;
			}
			OffsetAndMetadata offset = committed.get(partition);
			long from = (offset != null) ? offset.offset() : starts.getOrDefault(partition, end);
			lag.put(partition, Math.max(0, end - from));
		}
		return lag;
	}

	private Map<TopicPartition, Long> offsets(Collection<TopicPartition> partitions, OffsetSpec spec,
			Duration timeout) {
		Map<TopicPartition, OffsetSpec> request = partitions.stream()
			.collect(Collectors.toMap(Function.identity(), (partition) -> spec));
		Map<TopicPartition, ListOffsetsResultInfo> offsets = get(this.admin
			.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED).timeoutMs(millis(timeout)))
			.all(), timeout, "list offsets");
		Map<TopicPartition, Long> result = new HashMap<>();
		offsets.forEach((partition, info) -> result.put(partition, info.offset()));
		return result;
	}

	private static <T> T get(KafkaFuture<T> future, Duration timeout, String what) {
		try {
			return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			throw new BrokerUnavailableException("Could not " + what + ": " + ex.getCause(), ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new BrokerUnavailableException("Kafka did not answer within " + timeout + " to " + what, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new BrokerUnavailableException("Interrupted while waiting to " + what, ex);
		}
	}

	private static int millis(Duration timeout) {
		return (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
	}

	@Override
	public void destroy() {
		this.admin.close(Duration.ofSeconds(1));
	}

}

package blog.pipeline.ingest.ops;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import blog.pipeline.events.Topics;
import blog.pipeline.support.BrokerAdmin;
import blog.pipeline.support.BrokerUnavailableException;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

import org.springframework.stereotype.Component;

/**
 * The lag of the render and publish consumer groups on each partition of the topic they consume, asked of the broker
 * (group offsets against end offsets), not of the services: it shows even when a service is down.
 */
@Component
class ConsumerLags {

	private final BrokerAdmin broker;

	private final OpsConsumers consumers;

	private final OpsProperties properties;

	ConsumerLags(BrokerAdmin broker, OpsConsumers consumers, OpsProperties properties) {
		this.broker = broker;
		this.consumers = consumers;
		this.properties = properties;
	}

	/** One row per group and partition, by group, then partition. */
	List<PartitionLag> now() {
		Map<String, String> groups = Map.of(this.properties.renderGroup(), Topics.POSTS_SUBMITTED,
				this.properties.publishGroup(), Topics.POSTS_RENDERED);
		List<PartitionLag> rows = new ArrayList<>();
		try (KafkaConsumer<byte[], byte[]> consumer = this.consumers.open()) {
			groups.forEach((group, topic) -> {
				List<TopicPartition> partitions = this.consumers.partitions(consumer, topic);
				this.broker.lag(group, partitions, this.consumers.timeout())
					.forEach((partition, lag) -> rows
						.add(new PartitionLag(group, partition.topic(), partition.partition(), lag)));
			});
		}
		catch (BrokerUnavailableException | KafkaException ex) {
			throw new KafkaNotAnsweringException("Kafka did not tell the consumer lag in time", ex);
		}
		rows.sort(Comparator.comparing(PartitionLag::group).thenComparing(PartitionLag::partition));
		return rows;
	}

	/** Records of a partition the group has not committed yet. */
	record PartitionLag(String group, String topic, int partition, long lag) {

	}

}

package blog.pipeline.ingest.ops;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;

/**
 * Short-lived consumers for the operators' reads: raw bytes, no group (nothing is committed), committed records only,
 * every call bounded by the broker timeout. Dead letters are few and ops reads rare, so each read opens its own.
 */
@Component
class OpsConsumers {

	private final Map<String, Object> properties;

	private final Duration timeout;

	private final AtomicLong opened = new AtomicLong();

	OpsConsumers(KafkaProperties kafka, OpsProperties ops) {
		Map<String, Object> properties = new HashMap<>(kafka.buildConsumerProperties());
		properties.keySet().removeIf((key) -> key.startsWith("spring."));
		properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
		properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		properties.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ops.brokerTimeout().toMillis());
		this.properties = properties;
		this.timeout = ops.brokerTimeout();
	}

	KafkaConsumer<byte[], byte[]> open() {
		Map<String, Object> properties = new HashMap<>(this.properties);
		// a client id of its own: consumers open at the same time must not share one (metrics, JMX)
		properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "ingest-ops-" + this.opened.incrementAndGet());
		return new KafkaConsumer<>(properties);
	}

	Duration timeout() {
		return this.timeout;
	}

	/** The partitions of a topic, none if it does not exist. */
	List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
		List<TopicPartition> partitions = new ArrayList<>();
		List<PartitionInfo> infos = consumer.partitionsFor(topic, this.timeout);
		if (infos != null) {
			infos.forEach((info) -> partitions.add(new TopicPartition(info.topic(), info.partition())));
		}
		return partitions;
	}

}

package blog.pipeline.ingest.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import blog.pipeline.ingest.system.KafkaClients;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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

	static final Duration POLL = Duration.ofMillis(100);

	private static final int READS_PER_TIMEOUT = 5;

	private final Map<String, Object> properties;

	private final Duration timeout;

	private final AtomicLong opened = new AtomicLong();

	OpsConsumers(KafkaProperties kafka, OpsProperties ops) {
		Map<String, Object> properties = KafkaClients.groupless(kafka);
		properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
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

	/** Every record of these partitions from their beginning up to their current end (committed records only). */
	List<ConsumerRecord<byte[], byte[]>> readToEnd(KafkaConsumer<byte[], byte[]> consumer,
			List<TopicPartition> partitions, String what) {
		List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
		if (partitions.isEmpty()) {
			return records;
		}
		consumer.assign(partitions);
		consumer.seekToBeginning(partitions);
		Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
		Instant deadline = deadline();
		while (partitions.stream().anyMatch((partition) -> consumer.position(partition) < end.get(partition))) {
			checkBefore(deadline, what);
			for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
				if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
					records.add(record);
				}
			}
		}
		return records;
	}

	/** Reading a few dead letters takes far less than this; only an unreachable broker takes longer. */
	Instant deadline() {
		return Instant.now().plus(this.timeout.multipliedBy(READS_PER_TIMEOUT));
	}

	static void checkBefore(Instant deadline, String what) {
		if (Instant.now().isAfter(deadline)) {
			throw new KafkaNotAnsweringException("Kafka did not deliver " + what + " up to their end in time");
		}
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

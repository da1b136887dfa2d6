package blog.pipeline.ingest.ops;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import org.springframework.stereotype.Component;

/**
 * Reads the dead-letter topics of the re-drivable topics ({@link RedriveTargets}: whichever stage wrote them) from
 * their beginning to their current end, and single dead letters by position; any other {@code *.DLT} is never read.
 */
@Component
class DeadLetterReader {

	private final OpsConsumers consumers;

	DeadLetterReader(OpsConsumers consumers) {
		this.consumers = consumers;
	}

	/** Every record now in the dead-letter topics, by topic, partition and offset. */
	List<ConsumerRecord<byte[], byte[]>> all() {
		List<ConsumerRecord<byte[], byte[]>> letters;
		try (KafkaConsumer<byte[], byte[]> consumer = this.consumers.open()) {
			List<TopicPartition> partitions = consumer.listTopics(this.consumers.timeout())
				.keySet()
				.stream()
				.filter(RedriveTargets::isReadable)
				.flatMap((topic) -> this.consumers.partitions(consumer, topic).stream())
				.toList();
			letters = new ArrayList<>(this.consumers.readToEnd(consumer, partitions, "the dead-letter topics"));
		}
		letters.sort(Comparator.comparing((ConsumerRecord<byte[], byte[]> record) -> record.topic())
			.thenComparing(ConsumerRecord::partition)
			.thenComparing(ConsumerRecord::offset));
		return letters;
	}

	/** The record at that position of a re-drivable dead-letter topic, if it is there. */
	Optional<ConsumerRecord<byte[], byte[]>> read(Position position) {
		if (!RedriveTargets.isReadable(position.topic()) || position.offset() < 0) {
			return Optional.empty();
		}
		try (KafkaConsumer<byte[], byte[]> consumer = this.consumers.open()) {
			TopicPartition partition = new TopicPartition(position.topic(), position.partition());
			if (!this.consumers.partitions(consumer, position.topic()).contains(partition)) {
				return Optional.empty();
			}
			consumer.assign(List.of(partition));
			long end = consumer.endOffsets(List.of(partition)).get(partition);
			long start = consumer.beginningOffsets(List.of(partition)).get(partition);
			if (position.offset() < start || position.offset() >= end) {
				return Optional.empty();
			}
			consumer.seek(partition, position.offset());
			Instant deadline = this.consumers.deadline();
			while (consumer.position(partition) < end) {
				OpsConsumers.checkBefore(deadline, position.topic());
				for (ConsumerRecord<byte[], byte[]> record : consumer.poll(OpsConsumers.POLL)) {
					if (record.offset() == position.offset()) {
						return Optional.of(record);
					}
					if (record.offset() > position.offset()) {
						return Optional.empty();
					}
				}
			}
			return Optional.empty();
		}
	}

}

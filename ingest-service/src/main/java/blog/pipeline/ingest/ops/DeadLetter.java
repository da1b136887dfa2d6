package blog.pipeline.ingest.ops;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.support.KafkaHeaders;

/**
 * A record a stage gave up on, as its {@code DeadLetterPublishingRecoverer} wrote it to the dead-letter topic: where
 * it lies, where it came from and why it failed (from the {@code kafka_dlt-*} headers).
 *
 * @param key the record's key (the post id for post events), or {@code null}
 * @param exceptionClass the class of the exception that made the stage give up
 * @param reason that exception's message
 * @param failedAt when the dead letter was written
 */
record DeadLetter(String topic, int partition, long offset, @Nullable String key, String originalTopic,
		@Nullable Integer originalPartition, @Nullable Long originalOffset, @Nullable String exceptionClass,
		@Nullable String reason, Instant failedAt) {

	/** Headers the recoverer adds; a re-driven record goes back without them. */
	static final String DLT_HEADER_PREFIX = KafkaHeaders.PREFIX + "dlt-";

	static DeadLetter of(ConsumerRecord<byte @Nullable [], byte @Nullable []> record) {
		byte[] key = record.key();
		return new DeadLetter(record.topic(), record.partition(), record.offset(),
				(key != null) ? new String(key, StandardCharsets.UTF_8) : null, originalTopic(record),
				originalPartition(record),
				number(record, KafkaHeaders.DLT_ORIGINAL_OFFSET, Long.BYTES),
				text(record, KafkaHeaders.DLT_EXCEPTION_FQCN), text(record, KafkaHeaders.DLT_EXCEPTION_MESSAGE),
				Instant.ofEpochMilli(record.timestamp()));
	}

	Position position() {
		return new Position(this.topic, this.partition, this.offset);
	}

	/**
	 * The topic the record failed on, where a re-drive sends it: the dead-letter topic's name without suffix, never
	 * the recoverer's header, which anyone producing to the dead-letter topic can set (see {@link RedriveTargets}).
	 */
	static String originalTopic(ConsumerRecord<?, ?> record) {
		return RedriveTargets.baseOf(record.topic()).orElse(record.topic());
	}

	private static @Nullable Integer originalPartition(ConsumerRecord<?, ?> record) {
		Long partition = number(record, KafkaHeaders.DLT_ORIGINAL_PARTITION, Integer.BYTES);
		return (partition != null) ? partition.intValue() : null;
	}

	private static @Nullable String text(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null && header.value() != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	/** A big-endian int or long header, as the recoverer writes partition, offset and timestamp. */
	private static @Nullable Long number(ConsumerRecord<?, ?> record, String name, int size) {
		Header header = record.headers().lastHeader(name);
		if (header == null || header.value() == null || header.value().length != size) {
			return null;
		}
		ByteBuffer buffer = ByteBuffer.wrap(header.value());
		return (size == Integer.BYTES) ? (long) buffer.getInt() : buffer.getLong();
	}

}

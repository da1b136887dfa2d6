package blog.pipeline.publish.changelog;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.kafka.support.serializer.JacksonJsonDeserializer;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.stereotype.Component;

/**
 * Reads one partition of a compacted state topic from its beginning to its current end with a plain consumer (no
 * group, nothing committed). Records at or after the listener's committed offset are read too: the state keeps the
 * newest version per key and applying a record again is a no-op, so reading ahead never goes wrong. A record that
 * cannot be read (garbage written by something else; the listener dead-letters it) is skipped, so it can never stop
 * the state from loading.
 */
@Component
public class ChangelogReader {

	private static final Logger log = LoggerFactory.getLogger(ChangelogReader.class);

	private final ConsumerFactory<?, ?> consumerFactory;

	private final Settings settings;

	ChangelogReader(ConsumerFactory<?, ?> consumerFactory, Settings settings) {
		this.consumerFactory = consumerFactory;
		this.settings = settings;
	}

	/**
	 * Hands every record of {@code topic}/{@code partition} to {@code sink} in offset order (a tombstone as a
	 * {@code null} value) and returns how many there were.
	 * @throws ChangelogReadException if the partition cannot be read to its end in time
	 */
	public <V> int read(String topic, int partition, Class<V> type, BiConsumer<String, @Nullable V> sink) {
		long started = System.nanoTime();
		Duration timeout = this.settings.loadTimeout();
		long deadline = started + timeout.toNanos();
		TopicPartition topicPartition = new TopicPartition(topic, partition);
		try (KafkaConsumer<String, @Nullable V> consumer = new KafkaConsumer<>(consumerProperties(),
				new StringDeserializer(), new ErrorHandlingDeserializer<>(new JacksonJsonDeserializer<>(type, false)))) {
			consumer.assign(List.of(topicPartition));
			consumer.seekToBeginning(List.of(topicPartition));
			long end = consumer.endOffsets(List.of(topicPartition), timeout).get(topicPartition);
			int records = 0;
			while (consumer.position(topicPartition, timeout) < end) {
				if (System.nanoTime() > deadline) {
					throw new ChangelogReadException("Could not read " + topicPartition + " to its end within "
							+ timeout + " (read " + records + " records)");
				}
				for (ConsumerRecord<String, @Nullable V> record : consumer.poll(Duration.ofMillis(200))) {
					records++;
					if (record.value() == null && record.headers()
						.lastHeader(SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER) != null) {
						log.warn("Skipping the unreadable record at offset {} of {}", record.offset(), topicPartition);
						continue;
					}
					sink.accept(record.key(), record.value());
				}
			}
			log.info("Loaded {} records of {} in {} ms", records, topicPartition,
					Duration.ofNanos(System.nanoTime() - started).toMillis());
			return records;
		}
		catch (KafkaException ex) {
			throw new ChangelogReadException("Could not read " + topicPartition, ex);
		}
	}

	/** The application's consumer settings (bootstrap servers, security, isolation) without its group. */
	private Map<String, Object> consumerProperties() {
		Map<String, Object> properties = new HashMap<>(this.consumerFactory.getConfigurationProperties());
		properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
		properties.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
		properties.remove(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG);
		properties.remove(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);
		properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "publish-changelog-reader-" + System.nanoTime());
		properties.keySet().removeIf((key) -> key.startsWith("spring."));
		return properties;
	}

	/**
	 * State loading settings.
	 *
	 * @param loadTimeout how long reading one state partition to its end may take
	 */
	@ConfigurationProperties("pipeline.catalog")
	record Settings(@DefaultValue("2m") Duration loadTimeout) {

	}

}

package blog.pipeline.publish;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import blog.pipeline.events.PostEvent;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import org.springframework.kafka.support.serializer.JacksonJsonDeserializer;

import static org.awaitility.Awaitility.await;

/** Reads a whole topic (every partition, from the beginning) to find the records a scenario waits for. */
final class TopicProbe<V> implements AutoCloseable {

	private final KafkaConsumer<String, V> consumer;

	private final List<TopicPartition> partitions;

	private final List<ConsumerRecord<String, V>> seen = new ArrayList<>();

	private TopicProbe(String bootstrapServers, String topic, Deserializer<V> values) {
		this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), values);
		this.partitions = this.consumer.partitionsFor(topic)
			.stream()
			.map((info) -> new TopicPartition(topic, info.partition()))
			.toList();
		this.consumer.assign(this.partitions);
		this.consumer.seekToBeginning(this.partitions);
	}

	/** A probe of a topic of pipeline events. */
	static TopicProbe<PostEvent> events(String bootstrapServers, String topic) {
		return new TopicProbe<>(bootstrapServers, topic, new JacksonJsonDeserializer<>(PostEvent.class, false));
	}

	/** A probe of a topic whose values are read as text (dead letters). */
	static TopicProbe<String> text(String bootstrapServers, String topic) {
		return new TopicProbe<>(bootstrapServers, topic, new StringDeserializer());
	}

	/** A probe of a topic whose values are read as bytes (dead letters that were never JSON). */
	static TopicProbe<byte[]> bytes(String bootstrapServers, String topic) {
		return new TopicProbe<>(bootstrapServers, topic, new ByteArrayDeserializer());
	}

	/** Waits until a record matching {@code condition} arrives. */
	ConsumerRecord<String, V> awaitRecord(Predicate<ConsumerRecord<String, V>> condition) {
		return await().atMost(Duration.ofSeconds(30)).pollInSameThread().until(() -> {
			poll();
			return this.seen.stream().filter(condition).findFirst();
		}, Optional::isPresent).orElseThrow();
	}

	/** Every record up to the current end of the topic. */
	List<ConsumerRecord<String, V>> readToEnd() {
		Map<TopicPartition, Long> end = this.consumer.endOffsets(this.partitions);
		await().atMost(Duration.ofSeconds(30)).pollInSameThread().until(() -> {
			poll();
			return end.entrySet()
				.stream()
				.allMatch((partition) -> this.consumer.position(partition.getKey()) >= partition.getValue());
		});
		return List.copyOf(this.seen);
	}

	private void poll() {
		this.consumer.poll(Duration.ofMillis(100)).forEach(this.seen::add);
	}

	@Override
	public void close() {
		this.consumer.close();
	}

}

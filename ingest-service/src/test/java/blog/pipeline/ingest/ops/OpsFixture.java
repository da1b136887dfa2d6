package blog.pipeline.ingest.ops;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import blog.pipeline.events.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the ops tests do to a running ingest-service on a real broker: submit drafts over HTTP, read records back, and
 * dead-letter a record exactly as render and publish do, with Spring Kafka's {@link DeadLetterPublishingRecoverer}
 * to {@code <topic>.DLT}, same partition.
 */
final class OpsFixture implements AutoCloseable {

	static final String EDITOR_TOKEN = "ops-tests-editor-token";

	static final String OPS_TOKEN = "ops-tests-ops-token";

	static final JsonMapper JSON = JsonMapper.builder().build();

	private final String brokers;

	private final int port;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final DefaultKafkaProducerFactory<byte[], byte[]> producers;

	private final KafkaTemplate<byte[], byte[]> bytes;

	OpsFixture(String brokers, int port) {
		this.brokers = brokers;
		this.port = port;
		this.producers = new DefaultKafkaProducerFactory<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
				ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
				ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
		this.bytes = new KafkaTemplate<>(this.producers);
	}

	/** Submits a new draft as an editor; returns the post id. */
	String submit(String title) throws Exception {
		String draft = """
				{"title": "%s", "author": {"id": "maria-sanda", "name": "Maria Sanda"},
				 "bodyMarkdown": "Teaser.\\n\\n<!--more-->\\n\\nThe rest.", "excerpt": null, "slug": null,
				 "tags": [], "coverImage": null, "publishAt": null}
				""".formatted(title);
		// the first transaction on a fresh broker may outlast the send timeout: 503 says "send it again", so do
		String key = UUID.randomUUID().toString();
		AtomicReference<HttpResponse<String>> accepted = new AtomicReference<>();
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			accepted.set(send("POST", "/api/posts", EDITOR_TOKEN, draft, Map.of("Idempotency-Key", key)));
			assertThat(accepted.get().statusCode()).as(accepted.get().body()).isEqualTo(202);
		});
		return JSON.readTree(accepted.get().body()).get("postId").asString();
	}

	/** Sends a request to the service, with a bearer token unless {@code null}. */
	HttpResponse<String> send(String method, String path, String token, String body, Map<String, String> headers)
			throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.timeout(Duration.ofSeconds(20))
			.method(method, (body == null) ? HttpRequest.BodyPublishers.noBody()
					: HttpRequest.BodyPublishers.ofString(body));
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		headers.forEach(request::header);
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	JsonNode ops(String method, String path, int expectedStatus) throws Exception {
		HttpResponse<String> response = send(method, path, OPS_TOKEN, null, Map.of());
		assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isEqualTo(expectedStatus);
		return JSON.readTree(response.body());
	}

	/** The pending dead letter whose key is this post id, once listed. */
	JsonNode listedLetter(String key) {
		AtomicReference<JsonNode> found = new AtomicReference<>();
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			JsonNode letter = null;
			for (JsonNode candidate : ops("GET", "/ops/dead-letters", 200)) {
				if (key.equals(candidate.path("key").asString(null))) {
					letter = candidate;
				}
			}
			assertThat(letter).as("dead letter of %s listed", key).isNotNull();
			found.set(letter);
		});
		return found.get();
	}

	/** The first record of a topic with this key, waiting until it is there. */
	ConsumerRecord<byte[], byte[]> read(String topic, String key) {
		AtomicReference<ConsumerRecord<byte[], byte[]>> found = new AtomicReference<>();
		try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
			List<TopicPartition> partitions = consumer.partitionsFor(topic)
				.stream()
				.map((info) -> new TopicPartition(topic, info.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			await().atMost(Duration.ofSeconds(20)).until(() -> {
				for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
					if (record.key() != null && key.equals(new String(record.key(), StandardCharsets.UTF_8))) {
						found.set(record);
						return true;
					}
				}
				return false;
			});
		}
		return found.get();
	}

	/** How many records of a topic, up to its current end, have this key. */
	long count(String topic, String key) {
		long count = 0;
		try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
			List<TopicPartition> partitions = consumer.partitionsFor(topic)
				.stream()
				.map((info) -> new TopicPartition(topic, info.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
			while (partitions.stream().anyMatch((partition) -> consumer.position(partition) < ends.get(partition))) {
				for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
					if (record.key() != null && key.equals(new String(record.key(), StandardCharsets.UTF_8))) {
						count++;
					}
				}
			}
		}
		return count;
	}

	/** The record at that position. */
	ConsumerRecord<byte[], byte[]> readAt(String topic, int partition, long offset) {
		try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
			TopicPartition where = new TopicPartition(topic, partition);
			consumer.assign(List.of(where));
			consumer.seek(where, offset);
			AtomicReference<ConsumerRecord<byte[], byte[]>> found = new AtomicReference<>();
			await().atMost(Duration.ofSeconds(20)).until(() -> {
				for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
					if (record.offset() == offset) {
						found.set(record);
						return true;
					}
				}
				return false;
			});
			return found.get();
		}
	}

	/** Dead-letters the record as a stage's error handler would after the failure. */
	void deadLetter(ConsumerRecord<byte[], byte[]> record, Exception failure) {
		DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(this.bytes,
				(failed, ex) -> new TopicPartition(Topics.deadLetterOf(failed.topic()), failed.partition()));
		recoverer.accept(record, failure);
	}

	/** Writes raw bytes to a topic, as a broken producer would. */
	void produce(String topic, String key, byte[] value) throws Exception {
		this.bytes.send(topic, key.getBytes(StandardCharsets.UTF_8), value).get();
	}

	/** Writes a record with these headers to a topic, as anyone allowed to produce to it could; returns it. */
	RecordMetadata produce(String topic, int partition, String key, byte[] value, Map<String, String> headers)
			throws Exception {
		ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, partition,
				key.getBytes(StandardCharsets.UTF_8), value);
		headers.forEach((name, header) -> record.headers().add(name, header.getBytes(StandardCharsets.UTF_8)));
		return this.bytes.send(record).get().getRecordMetadata();
	}

	/** Creates a topic the services do not declare, unless it exists. */
	void createTopic(String name, int partitions) throws Exception {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.brokers))) {
			if (!admin.listTopics().names().get().contains(name)) {
				admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
			}
		}
	}

	/** The end offset of each partition of a topic. */
	Map<TopicPartition, Long> endOffsets(String topic) {
		try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
			return consumer.endOffsets(consumer.partitionsFor(topic)
				.stream()
				.map((info) -> new TopicPartition(topic, info.partition()))
				.toList());
		}
	}

	/** Commits these offsets for a consumer group, as its consumers would after processing. */
	void commit(String group, Map<TopicPartition, Long> offsets) {
		Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
		offsets.forEach((partition, offset) -> commits.put(partition, new OffsetAndMetadata(offset)));
		try (KafkaConsumer<byte[], byte[]> consumer = consumer(group)) {
			consumer.commitSync(commits);
		}
	}

	KafkaConsumer<byte[], byte[]> consumer() {
		return consumer("ops-tests-" + UUID.randomUUID());
	}

	private KafkaConsumer<byte[], byte[]> consumer(String group) {
		Map<String, Object> properties = new HashMap<>();
		properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.brokers);
		properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		properties.put(ConsumerConfig.GROUP_ID_CONFIG, group);
		properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		return new KafkaConsumer<>(properties);
	}

	@Override
	public void close() {
		this.bytes.destroy();
		this.producers.destroy();
	}

}

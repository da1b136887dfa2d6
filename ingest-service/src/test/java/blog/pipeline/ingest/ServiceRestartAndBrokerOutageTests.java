package blog.pipeline.ingest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import blog.pipeline.events.PostEvent;
import blog.pipeline.events.PostSubmitted;
import blog.pipeline.events.Topics;
import blog.pipeline.stack.FreePorts;
import blog.pipeline.stack.KafkaBrokerServer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.support.serializer.JacksonJsonDeserializer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service's state lives in Kafka: a restarted service (a new application on the same broker) continues versions,
 * keeps slugs owned, honours idempotency keys and sends scheduled drafts that fell due while it was down. And when the
 * broker itself goes away, drafts are refused with 503 and accepted again once it is back, without help.
 * <p>
 * Runs a real Kafka broker process ({@link KafkaBrokerServer}) that the test can stop and start on the same ports.
 */
class ServiceRestartAndBrokerOutageTests {

	private static final String TOKEN = "Bearer restart-token";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@TempDir
	static Path dataDir;

	private static KafkaBrokerServer broker;

	private static int port;

	private static int controllerPort;

	@BeforeAll
	static void startBroker() {
		port = FreePorts.next();
		controllerPort = FreePorts.next();
		broker = KafkaBrokerServer.start(dataDir, port, controllerPort, 3);
	}

	@AfterAll
	static void stopBroker() {
		if (broker != null) {
			broker.close();
		}
	}

	@Test
	void restartedServiceContinuesVersionsKeepsSlugsHonoursKeysAndSendsDueSchedules() throws Exception {
		String postId;
		String scheduledId;
		String firstAnswer;
		try (ConfigurableApplicationContext first = startService()) {
			String base = baseUrl(first);
			HttpResponse<String> created = send(base, "POST", "/api/posts", draft("Survives a restart", null),
					"key-restart-1");
			assertThat(created.statusCode()).isEqualTo(202);
			firstAnswer = created.body();
			postId = JSON.readTree(created.body()).get("postId").asString();
			assertThat(send(base, "PUT", "/api/posts/" + postId, draft("Survives a restart, v2", null), null)
				.statusCode()).isEqualTo(202);
			String publishAt = OffsetDateTime.now(ZoneOffset.ofHours(2)).plusSeconds(6).toString();
			HttpResponse<String> scheduled = send(base, "POST", "/api/posts",
					draft("Goes out later", publishAt), null);
			assertThat(scheduled.statusCode()).isEqualTo(202);
			assertThat(JSON.readTree(scheduled.body()).get("status").asString()).isEqualTo("scheduled");
			scheduledId = JSON.readTree(scheduled.body()).get("postId").asString();
		}
		try (ConfigurableApplicationContext second = startService()) {
			String base = baseUrl(second);
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(send(base, "GET", "/api/posts/" + postId, null, null).headers()
					.firstValue("ETag")).hasValue("\"2\""));

			HttpResponse<String> replaced = send(base, "PUT", "/api/posts/" + postId,
					draft("Survives a restart, v3", null), null);
			assertThat(replaced.statusCode()).isEqualTo(202);
			assertThat(JSON.readTree(replaced.body()).get("version").asLong()).isEqualTo(3);

			HttpResponse<String> taken = send(base, "POST", "/api/posts", draft("Another", null, "survives-a-restart"),
					null);
			assertThat(taken.statusCode()).isEqualTo(409);
			assertThat(JSON.readTree(taken.body()).get("holder").asString()).isEqualTo(postId);

			HttpResponse<String> repeated = send(base, "POST", "/api/posts", draft("Survives a restart", null),
					"key-restart-1");
			assertThat(repeated.statusCode()).isEqualTo(202);
			assertThat(JSON.readTree(repeated.body())).isEqualTo(JSON.readTree(firstAnswer));
			assertThat(send(base, "POST", "/api/posts", draft("Other body", null), "key-restart-1").statusCode())
				.isEqualTo(422);

			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(JSON
				.readTree(send(base, "GET", "/api/posts/" + scheduledId + "/status", null, null).body())
				.get("state")
				.asString()).isEqualTo("accepted"));
		}
		List<PostEvent> events = submittedEvents();
		assertThat(events).filteredOn((event) -> event.postId().equals(postId))
			.extracting(PostEvent::version)
			.containsExactly(1L, 2L, 3L);
		assertThat(events).filteredOn((event) -> event.postId().equals(scheduledId))
			.singleElement()
			.isInstanceOfSatisfying(PostSubmitted.class,
					(submitted) -> assertThat(submitted.draft().title()).isEqualTo("Goes out later"));
	}

	@Test
	void refusesDraftsWith503WhileTheBrokerIsDownAndAcceptsThemAgainOnceItIsBack() throws Exception {
		try (ConfigurableApplicationContext service = startService()) {
			String base = baseUrl(service);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> send(base, "POST", "/api/posts", draft("Before the outage", null), null)
					.statusCode() == 202);

			broker.stop();
			try {
				long start = System.nanoTime();
				HttpResponse<String> refused = send(base, "POST", "/api/posts", draft("During the outage", null),
						null);
				Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
				assertThat(refused.statusCode()).isEqualTo(503);
				assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
				assertThat(elapsed).isLessThan(Duration.ofSeconds(8));
			}
			finally {
				broker = KafkaBrokerServer.start(dataDir, port, controllerPort, 3);
			}

			await().atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofSeconds(1))
				.until(() -> send(base, "POST", "/api/posts", draft("After the outage", null), null)
					.statusCode() == 202);
		}
		assertThat(submittedEvents()).filteredOn(PostSubmitted.class::isInstance)
			.map((event) -> ((PostSubmitted) event).draft().title())
			.contains("Before the outage", "After the outage")
			.doesNotContain("During the outage");
	}

	private static ConfigurableApplicationContext startService() {
		// Command-line arguments outrank application.yml; builder default properties would not.
		return new SpringApplicationBuilder(IngestServiceApplication.class).run("--server.port=0",
				"--spring.kafka.bootstrap-servers=" + broker.bootstrapServers(), "--pipeline.topics.partitions=3",
				"--pipeline.security.editor-tokens=restart:restart-token", "--management.server.port=0", "--spring.jmx.enabled=false");
	}

	private static String baseUrl(ConfigurableApplicationContext context) {
		return "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	private static HttpResponse<String> send(String base, String method, String path, String body,
			String idempotencyKey) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
			.timeout(Duration.ofSeconds(20))
			.header("Authorization", TOKEN)
			.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(body)
					: HttpRequest.BodyPublishers.noBody());
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		if (idempotencyKey != null) {
			request.header("Idempotency-Key", idempotencyKey);
		}
		return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String draft(String title, String publishAt) {
		return draft(title, publishAt, null);
	}

	private static String draft(String title, String publishAt, String slug) {
		Map<String, Object> draft = new java.util.LinkedHashMap<>();
		draft.put("title", title);
		draft.put("author", Map.of("id", "maria-sanda", "name", "Maria Sanda"));
		draft.put("bodyMarkdown", "Some text.");
		draft.put("publishAt", publishAt);
		draft.put("slug", (slug != null) ? slug : (title.startsWith("Survives") ? "survives-a-restart" : null));
		return JSON.writeValueAsString(draft);
	}

	private static List<PostEvent> submittedEvents() {
		Map<String, Object> properties = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
				ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		try (KafkaConsumer<String, PostEvent> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
				new JacksonJsonDeserializer<>(PostEvent.class, false))) {
			List<TopicPartition> partitions = consumer.partitionsFor(Topics.POSTS_SUBMITTED)
				.stream()
				.map((info) -> new TopicPartition(info.topic(), info.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
			List<PostEvent> events = new ArrayList<>();
			await().atMost(Duration.ofSeconds(20)).until(() -> {
				for (ConsumerRecord<String, PostEvent> record : consumer.poll(Duration.ofMillis(200))) {
					events.add(record.value());
				}
				return partitions.stream().allMatch((tp) -> consumer.position(tp) >= end.get(tp));
			});
			events.sort(java.util.Comparator.comparingLong(PostEvent::version));
			return events;
		}
	}

}

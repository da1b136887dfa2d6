package blog.pipeline.ingest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import blog.pipeline.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two ingest instances on one broker agree: whichever instance a request reaches, versions of a post are unique and
 * contiguous, a slug has one owner and an {@code Idempotency-Key} produces one event, because both instances' state
 * writers share one transactional id and decide every change on the whole committed state. Requests go to both
 * instances at once, so the writers keep fencing each other.
 */
class SeveralInstancesTests {

	private static final String TOKEN = "Bearer several-token";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static EmbeddedKafkaKraftBroker broker;

	private static List<String> instances;

	private static List<ConfigurableApplicationContext> contexts;

	private final ExecutorService editors = Executors.newFixedThreadPool(8);

	@BeforeAll
	static void startBrokerAndTwoInstances() {
		broker = new EmbeddedKafkaKraftBroker(1, 3);
		broker.brokerProperty("auto.create.topics.enable", "false");
		broker.brokerProperty("transaction.state.log.replication.factor", "1");
		broker.brokerProperty("transaction.state.log.min.isr", "1");
		broker.afterPropertiesSet();
		contexts = List.of(startService(), startService());
		instances = contexts.stream().map(SeveralInstancesTests::baseUrl).toList();
	}

	@AfterAll
	static void stopAll() {
		if (contexts != null) {
			contexts.forEach(ConfigurableApplicationContext::close);
		}
		if (broker != null) {
			broker.destroy();
		}
	}

	@Test
	void replacesOfOnePostThroughBothInstancesGetUniqueContiguousVersionsAndBothAgreeOnTheLatest() throws Exception {
		HttpResponse<String> created = send(0, "POST", "/api/posts", draft("Edited everywhere", "edited-everywhere"),
				null, null);
		assertThat(created.statusCode()).isEqualTo(202);
		String postId = JSON.readTree(created.body()).get("postId").asString();

		List<HttpResponse<String>> answers = concurrently(40, (i) -> send(i % 2, "PUT", "/api/posts/" + postId,
				draft("Edited everywhere, take " + i, null), null, null));

		// 503 only if a request outwaited its send timeout while the writers took over from each other
		assertThat(answers).extracting(HttpResponse::statusCode).isSubsetOf(202, 503);
		List<Long> accepted = answers.stream()
			.filter((answer) -> answer.statusCode() == 202)
			.map((answer) -> json(answer).get("version").asLong())
			.toList();
		List<Long> stored = submitted(postId).stream()
			.map((record) -> JSON.readTree(record.value()).get("version").asLong())
			.sorted()
			.toList();
		long latest = stored.get(stored.size() - 1);
		assertThat(stored).as("versions in the log").containsExactlyElementsOf(range(1, latest));
		assertThat(accepted).as("versions answered 202").doesNotHaveDuplicates().isSubsetOf(stored);
		if (accepted.size() == answers.size()) {
			assertThat(accepted).containsExactlyInAnyOrderElementsOf(range(2, 41));
		}
		for (int instance = 0; instance < 2; instance++) {
			int which = instance;
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(send(which, "GET", "/api/posts/" + postId, null, null, null).headers()
					.firstValue("ETag")).hasValue("\"" + latest + "\""));
		}
	}

	@Test
	void createsOfOneSlugThroughBothInstancesAcceptOneAndRefuseTheOthersNamingTheHolder() throws Exception {
		List<HttpResponse<String>> answers = concurrently(12,
				(i) -> send(i % 2, "POST", "/api/posts", draft("Wanted slug " + i, "wanted-slug"), null, null));

		assertThat(answers).extracting(HttpResponse::statusCode).isSubsetOf(202, 409, 503);
		List<ConsumerRecord<String, byte[]>> claims = submitted(null).stream()
			.filter((record) -> JSON.readTree(record.value()).at("/draft/slug").asString().equals("wanted-slug"))
			.toList();
		assertThat(claims).as("posts stored with the slug").hasSize(1);
		String holder = claims.get(0).key();
		assertThat(answers).filteredOn((answer) -> answer.statusCode() == 202)
			.singleElement()
			.satisfies((winner) -> assertThat(json(winner).get("postId").asString()).isEqualTo(holder));
		assertThat(answers).filteredOn((answer) -> answer.statusCode() == 409)
			.isNotEmpty()
			.allSatisfy((refused) -> assertThat(json(refused).get("holder").asString()).isEqualTo(holder));
	}

	@Test
	void oneIdempotencyKeyThroughBothInstancesProducesOneEvent() throws Exception {
		String body = draft("Sent twice everywhere", "sent-twice-everywhere");
		List<HttpResponse<String>> answers = concurrently(10,
				(i) -> send(i % 2, "POST", "/api/posts", body, "several-key-1", null));

		assertThat(answers).extracting(HttpResponse::statusCode).isSubsetOf(202, 503);
		List<JsonNode> accepted = answers.stream()
			.filter((answer) -> answer.statusCode() == 202)
			.map(SeveralInstancesTests::json)
			.toList();
		assertThat(accepted).isNotEmpty().containsOnly(accepted.get(0));
		assertThat(submitted(accepted.get(0).get("postId").asString())).hasSize(1);
		assertThat(submitted(null)).filteredOn((record) -> JSON.readTree(record.value())
			.at("/draft/slug")
			.asString()
			.equals("sent-twice-everywhere")).hasSize(1);
	}

	@Test
	void eachEventOfABatchCarriesTheTraceOfItsOwnRequest() throws Exception {
		List<String> traceIds = new ArrayList<>();
		for (int i = 0; i < 16; i++) {
			traceIds.add("%032x".formatted(0x5eed0000L + i));
		}
		List<HttpResponse<String>> answers = concurrently(16, (i) -> send(0, "POST", "/api/posts",
				draft("Traced " + i, null), null, "00-" + traceIds.get(i) + "-00f067aa0ba902b7-01"));

		for (int i = 0; i < answers.size(); i++) {
			assertThat(answers.get(i).statusCode()).isEqualTo(202);
			ConsumerRecord<String, byte[]> event = submitted(json(answers.get(i)).get("postId").asString()).get(0);
			Header traceParent = event.headers().lastHeader("traceparent");
			assertThat(traceParent).as("traceparent header of request %d's event", i).isNotNull();
			assertThat(new String(traceParent.value(), StandardCharsets.UTF_8)).contains(traceIds.get(i));
		}
	}

	private interface Call {

		HttpResponse<String> send(int i) throws Exception;

	}

	private List<HttpResponse<String>> concurrently(int count, Call call) throws Exception {
		List<Future<HttpResponse<String>>> futures = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			int index = i;
			futures.add(this.editors.submit((Callable<HttpResponse<String>>) () -> call.send(index)));
		}
		List<HttpResponse<String>> answers = new ArrayList<>();
		for (Future<HttpResponse<String>> future : futures) {
			answers.add(future.get());
		}
		return answers;
	}

	private static List<Long> range(long first, long last) {
		List<Long> range = new ArrayList<>();
		for (long i = first; i <= last; i++) {
			range.add(i);
		}
		return range;
	}

	private static JsonNode json(HttpResponse<String> response) {
		return JSON.readTree(response.body());
	}

	private static ConfigurableApplicationContext startService() {
		return new SpringApplicationBuilder(IngestServiceApplication.class).run("--server.port=0",
				"--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(), "--pipeline.topics.partitions=3",
				"--pipeline.security.editor-tokens=several:several-token", "--management.server.port=0", "--spring.jmx.enabled=false",
				// agreement, not speed, is tested here: give takeovers on a busy machine time before answering 503
				"--pipeline.ingest.send-timeout=15s");
	}

	private static String baseUrl(ConfigurableApplicationContext context) {
		return "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	private static HttpResponse<String> send(int instance, String method, String path, String body,
			String idempotencyKey, String traceParent) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(instances.get(instance) + path))
			.timeout(Duration.ofSeconds(30))
			.header("Authorization", TOKEN)
			.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(body)
					: HttpRequest.BodyPublishers.noBody());
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		if (idempotencyKey != null) {
			request.header("Idempotency-Key", idempotencyKey);
		}
		if (traceParent != null) {
			request.header("traceparent", traceParent);
		}
		return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String draft(String title, String slug) {
		Map<String, Object> draft = new LinkedHashMap<>();
		draft.put("title", title);
		draft.put("author", Map.of("id", "maria-sanda", "name", "Maria Sanda"));
		draft.put("bodyMarkdown", "Some text.");
		draft.put("slug", slug);
		return JSON.writeValueAsString(draft);
	}

	/** The committed events on the submitted topic, of one post or of all. */
	private static List<ConsumerRecord<String, byte[]>> submitted(String postId) {
		Map<String, Object> properties = new HashMap<>();
		properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
		properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
				new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
			List<TopicPartition> partitions = consumer.partitionsFor(Topics.POSTS_SUBMITTED)
				.stream()
				.map((info) -> new TopicPartition(info.topic(), info.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
			List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
			await().atMost(Duration.ofSeconds(20)).until(() -> {
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
					if (postId == null || postId.equals(record.key())) {
						records.add(record);
					}
				}
				return partitions.stream().allMatch((partition) -> consumer.position(partition) >= end.get(partition));
			});
			return records;
		}
	}

}

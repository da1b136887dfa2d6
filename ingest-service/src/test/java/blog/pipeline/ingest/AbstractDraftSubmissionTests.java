package blog.pipeline.ingest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import blog.pipeline.events.Author;
import blog.pipeline.events.CoverImage;
import blog.pipeline.events.PostEvent;
import blog.pipeline.events.PostSubmitted;
import blog.pipeline.events.SchemaVersion;
import blog.pipeline.events.Topics;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import blog.pipeline.events.PostPublished;
import blog.pipeline.events.PostRendered;
import blog.pipeline.ingest.fuzz.Problems;
import blog.pipeline.ingest.fuzz.RequestFuzzer;
import blog.pipeline.ingest.state.StateTopic;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.support.mapping.AbstractJavaTypeMapper;
import org.springframework.test.json.AbstractJsonContentAssert;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenarios on a real Kafka broker: an accepted draft is on {@code posts.submitted} by the time the editor gets 202.
 * Subclasses supply the broker.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "pipeline.topics.partitions=3", "pipeline.security.editor-tokens=integration:integration-token" })
@AutoConfigureMockMvc
abstract class AbstractDraftSubmissionTests {

	private static final String TOKEN = "Bearer integration-token";

	private static final String TRACE_PARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String DRAFT = """
			{"title": "Pela Case arrives on the blog!", "author": {"id": "maria-sanda", "name": "Maria Sanda"},
			 "bodyMarkdown": "Teaser paragraph.\\n\\n<!--more-->\\n\\nThe rest.", "excerpt": null, "slug": null,
			 "tags": ["partners"], "coverImage": {"url": "https://img.example.org/pela.jpg", "alt": "pela case"},
			 "publishAt": "2025-06-01T10:00:00+02:00"}
			""";

	@Autowired
	private MockMvcTester mvc;

	@Autowired
	private ConsumerFactory<String, PostEvent> consumerFactory;

	@Autowired
	private KafkaAdmin kafkaAdmin;

	@Autowired
	private MeterRegistry meters;

	@LocalServerPort
	private int port;

	@LocalManagementPort
	private int managementPort;

	@Test
	void acceptedDraftIsOnTheSubmittedTopicKeyedByPostId() {
		Instant before = Instant.now();
		MvcTestResult result = this.mvc.post()
			.uri("/api/posts")
			.header(HttpHeaders.AUTHORIZATION, TOKEN)
			.header("traceparent", TRACE_PARENT)
			.contentType(MediaType.APPLICATION_JSON)
			.content(DRAFT)
			.exchange();

		assertThat(result).hasStatus(HttpStatus.ACCEPTED);
		String postId = JsonMapper.builder()
			.build()
			.readTree(result.getResponse().getContentAsByteArray())
			.get("postId")
			.asString();
		assertThat(UUID.fromString(postId)).isNotNull();
		assertThat(result).hasHeader(HttpHeaders.LOCATION, "/api/posts/" + postId)
			.bodyJson()
			.isLenientlyEqualTo("""
					{"postId": "%s", "version": 1, "slug": "pela-case-arrives-on-the-blog", "status": "accepted"}
					""".formatted(postId));

		ConsumerRecord<String, PostEvent> record = readSubmitted(postId);
		assertThat(record.headers().lastHeader(AbstractJavaTypeMapper.DEFAULT_CLASSID_FIELD_NAME)).isNull();
		assertThat(record.value()).isInstanceOfSatisfying(PostSubmitted.class, (submitted) -> {
			assertThat(submitted.schemaVersion()).isEqualTo(SchemaVersion.CURRENT);
			assertThat(submitted.postId()).isEqualTo(postId);
			assertThat(submitted.version()).isEqualTo(1);
			assertThat(submitted.createdAt()).isBetween(before, Instant.now()).isEqualTo(submitted.acceptedAt());
			assertThat(submitted.traceParent()).isEqualTo(TRACE_PARENT);
			assertThat(submitted.draft().title()).isEqualTo("Pela Case arrives on the blog!");
			assertThat(submitted.draft().slug()).isEqualTo("pela-case-arrives-on-the-blog");
			assertThat(submitted.draft().author()).isEqualTo(new Author("maria-sanda", "Maria Sanda"));
			assertThat(submitted.draft().bodyMarkdown()).isEqualTo("Teaser paragraph.\n\n<!--more-->\n\nThe rest.");
			assertThat(submitted.draft().excerpt()).isNull();
			assertThat(submitted.draft().tags()).containsExactly("partners");
			assertThat(submitted.draft().coverImage())
				.isEqualTo(new CoverImage("https://img.example.org/pela.jpg", "pela case"));
			assertThat(submitted.draft().publishAt()).isEqualTo(Instant.parse("2025-06-01T08:00:00Z"));
		});
	}

	@Test
	void theLargestDraftIsAcceptedAndOnTheSubmittedTopic() {
		// 1 MiB of Markdown, the most a draft may have, with quotes and line breaks that JSON escapes: its record is
		// larger than Kafka's default limit of 1 MiB
		String line = "A \"quoted\" line of the largest draft.\n";
		String body = line.repeat(1_048_576 / line.length());
		body = body + "x".repeat(1_048_576 - body.length());
		ObjectNode draft = (ObjectNode) JSON.readTree(DRAFT);
		draft.put("bodyMarkdown", body);
		draft.put("slug", "largest-draft-" + UUID.randomUUID());
		MvcTestResult result = this.mvc.post()
			.uri("/api/posts")
			.header(HttpHeaders.AUTHORIZATION, TOKEN)
			.contentType(MediaType.APPLICATION_JSON)
			.content(JSON.writeValueAsString(draft))
			.exchange();

		assertThat(result).hasStatus(HttpStatus.ACCEPTED);
		String postId = JSON.readTree(result.getResponse().getContentAsByteArray()).get("postId").asString();
		ConsumerRecord<String, PostEvent> record = readSubmitted(postId);
		assertThat(record.serializedValueSize()).isGreaterThan(1_048_576);
		String sent = body;
		assertThat(record.value()).isInstanceOfSatisfying(PostSubmitted.class,
				(submitted) -> assertThat(submitted.draft().bodyMarkdown()).isEqualTo(sent));
	}

	@Test
	void declaresTheSubmittedTopicWithTheConfiguredPartitions() {
		TopicDescription topic = this.kafkaAdmin.describeTopics(Topics.POSTS_SUBMITTED).get(Topics.POSTS_SUBMITTED);
		assertThat(topic.partitions()).hasSize(3);
	}

	@Test
	void servesHealthInfoAndMetricsOnTheManagementPortAndOnlyProbesOnTheApiPort() throws Exception {
		assertThat(this.managementPort).isPositive().isNotEqualTo(this.port);
		assertThat(get(this.managementPort, "/actuator/health")).satisfies((response) -> {
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(JSON.readTree(response.body()).get("status").asString()).isEqualTo("UP");
		});
		assertThat(get(this.managementPort, "/actuator/info")).satisfies((response) -> {
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(JSON.readTree(response.body()).at("/app/name").asString()).isEqualTo("ingest-service");
		});
		assertThat(get(this.managementPort, "/actuator/prometheus")).satisfies((response) -> {
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).contains("jvm_memory_used_bytes");
		});
		// the API's port: liveness and readiness without a token, no actuator at all
		assertThat(get(this.port, "/livez").statusCode()).isEqualTo(200);
		assertThat(get(this.port, "/readyz").statusCode()).isEqualTo(200);
		for (String path : List.of("/actuator", "/actuator/health", "/actuator/prometheus", "/actuator/info")) {
			// no rule allows these paths on the API's port: refused whatever the caller presents
			assertThat(get(this.port, path).statusCode()).as(path).isIn(401, 403);
		}
		assertThat(this.mvc.post().uri("/api/posts").contentType(MediaType.APPLICATION_JSON).content(DRAFT))
			.hasStatus(HttpStatus.UNAUTHORIZED);
	}

	@Test
	void exposesNoOtherActuatorEndpointOnTheManagementPort() throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		for (String path : List.of("/actuator/env", "/actuator/env/pipeline.security.editor-tokens", "/actuator/beans",
				"/actuator/heapdump", "/actuator/threaddump", "/actuator/configprops", "/actuator/loggers",
				"/actuator/mappings", "/actuator/metrics", "/actuator/conditions", "/actuator/scheduledtasks",
				"/actuator/shutdown", "/actuator/sbom", "/actuator/caches", "/api/posts", "/ops/dead-letters")) {
			for (String method : List.of("GET", "POST")) {
				HttpResponse<String> response = http.send(HttpRequest
					.newBuilder(URI.create("http://localhost:" + this.managementPort + path))
					.method(method, HttpRequest.BodyPublishers.noBody())
					.build(), HttpResponse.BodyHandlers.ofString());
				assertThat(response.statusCode()).as("%s %s", method, path).isIn(401, 403, 404, 405);
			}
		}
		HttpResponse<String> links = get(this.managementPort, "/actuator");
		assertThat(links.statusCode()).isEqualTo(200);
		assertThat(JSON.readTree(links.body()).get("_links").propertyNames()).containsOnly("self", "health",
				"health-path", "info", "prometheus");
	}

	private static HttpResponse<String> get(int port, String path) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
					HttpResponse.BodyHandlers.ofString());
	}

	/** Found by the fuzzer: Tomcat answered the requests it refuses itself with an HTML page. */
	@Test
	void answersRequestsTheWebServerRefusesItselfWithProblems() throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		String base = "http://localhost:" + this.port;
		List<HttpRequest> refused = List.of(HttpRequest.newBuilder(URI.create(base + "/api/posts/%2f")).build(),
				HttpRequest.newBuilder(URI.create(base + "/api/posts/a%00b")).build(),
				HttpRequest.newBuilder(URI.create(base + "/api/posts")).header("X-Junk", "j".repeat(20_000)).build());
		for (HttpRequest request : refused) {
			HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as("%s", request.uri()).isEqualTo(400);
			assertThat(Problems.violation(400, response.headers().firstValue("Content-Type").orElse(null),
					response.body())).as("%s", request.uri()).isNull();
		}
	}

	/**
	 * A sample of the fuzzer's hostile requests through the real embedded server (Tomcat parses them, not MockMvc):
	 * never a 5xx, every error a problem document, and no event on the topic except for the drafts it accepted.
	 */
	@Test
	void answersHostileRequestsOnTheRealServerWithProblemsAndProducesNothingForThem() throws Exception {
		long seed = Long.getLong("fuzz.seed", System.nanoTime());
		RequestFuzzer fuzzer = new RequestFuzzer(seed, "integration-token", List::of);
		Map<TopicPartition, Long> before = endOffsets(Topics.POSTS_SUBMITTED);
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
		List<String> violations = new ArrayList<>();
		Set<String> accepted = new HashSet<>();
		int sample = Integer.getInteger("fuzz.realSample", 300);
		int sent = 0;
		for (int i = 0; sent < sample; i++) {
			RequestFuzzer.FuzzRequest request = fuzzer.next(RequestFuzzer.Category.values()[i % 6]);
			HttpRequest.Builder builder;
			try {
				builder = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + request.path()))
					.timeout(Duration.ofSeconds(30))
					.method(request.method(),
							(request.body() != null) ? HttpRequest.BodyPublishers.ofByteArray(request.body())
									: HttpRequest.BodyPublishers.noBody());
				request.headers().forEach((header) -> builder.header(header.getKey(), header.getValue()));
			}
			catch (IllegalArgumentException ex) {
				continue; // a header or method that java.net.http refuses to send
			}
			HttpResponse<String> response;
			try {
				response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
			}
			catch (IOException ex) {
				continue; // the server closed the connection on a request it refused to read (e.g. 413)
			}
			sent++;
			int status = response.statusCode();
			String violation = null;
			if (status >= 500) {
				violation = "answered " + status + ": " + Problems.cut(response.body());
			}
			else if (status / 100 == 2) {
				JsonNode answer = response.body().startsWith("{") ? JSON.readTree(response.body()) : null;
				if (answer != null && answer.has("postId")) {
					accepted.add(answer.get("postId").asString());
				}
			}
			else if (status != 304 && !request.method().equals("HEAD")) {
				violation = Problems.violation(status, response.headers().firstValue("Content-Type").orElse(null),
						response.body());
			}
			if (violation != null && violations.size() < 8) {
				violations.add(violation + "\n  " + request.describe());
			}
		}
		assertThat(violations).as("seed %d", seed).isEmpty();
		assertThat(readFrom(Topics.POSTS_SUBMITTED, before)).extracting(ConsumerRecord::key)
			.allSatisfy((key) -> assertThat(accepted).contains(key));
	}

	@Test
	void storesEachChangeWithItsStateInOneTransaction() throws Exception {
		String postId = postId(submitted(DRAFT.replace("\"slug\": null", "\"slug\": \"lifecycle-post\""), "lifecycle-key"));
		assertThat(submitted(DRAFT.replace("\"slug\": null", "\"slug\": \"lifecycle-post\""), "lifecycle-key"))
			.hasStatus(HttpStatus.ACCEPTED);
		assertThat(this.mvc.put()
			.uri("/api/posts/{postId}", postId)
			.header(HttpHeaders.AUTHORIZATION, TOKEN)
			.header(HttpHeaders.IF_MATCH, "\"1\"")
			.contentType(MediaType.APPLICATION_JSON)
			.content(DRAFT.replace("Pela Case", "Pela Case v2"))).hasStatus(HttpStatus.ACCEPTED);
		assertThat(this.mvc.delete().uri("/api/posts/{postId}", postId).header(HttpHeaders.AUTHORIZATION, TOKEN))
			.hasStatus(HttpStatus.ACCEPTED);

		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(readAll(Topics.POSTS_SUBMITTED, postId)).extracting(ConsumerRecord::value)
				.extracting((event) -> event.getClass().getSimpleName() + " v" + event.version())
				.containsExactly("PostSubmitted v1", "PostSubmitted v2", "PostWithdrawn v3"));
		TopicDescription state = this.kafkaAdmin.describeTopics(StateTopic.NAME).get(StateTopic.NAME);
		assertThat(state.partitions()).hasSize(3);
		ConfigResource stateConfig = new ConfigResource(ConfigResource.Type.TOPIC, StateTopic.NAME);
		try (AdminClient admin = AdminClient.create(this.kafkaAdmin.getConfigurationProperties())) {
			assertThat(admin.describeConfigs(List.of(stateConfig)).all().get().get(stateConfig).get("cleanup.policy").value())
				.isEqualTo("compact");
		}
	}

	@Test
	void tellsWherePostsAreInThePipelineAndListsAnAuthorsPosts() throws Exception {
		String author = "status-author";
		String draft = DRAFT.replace("maria-sanda", author);
		String published = postId(submitted(draft.replace("\"slug\": null", "\"slug\": \"status-published\""), null));
		String failed = postId(submitted(draft.replace("\"slug\": null", "\"slug\": \"status-failed\""), null));
		status(published).extractingPath("$.state").isEqualTo("accepted");

		Instant now = Instant.now();
		try (Producer<String, byte[]> producer = rawProducer()) {
			PostRendered rendered = new PostRendered(SchemaVersion.CURRENT, published, 1, "status-published",
					new Author(author, "A"), "T", "<html></html>", "<p>x</p>", "x", 1, null, List.of(), now, now, now);
			producer.send(new ProducerRecord<>(Topics.POSTS_RENDERED, published, JSON.writeValueAsBytes(rendered)))
				.get();
			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> status(published).extractingPath("$.state").isEqualTo("rendered"));
			PostPublished live = new PostPublished(SchemaVersion.CURRENT, published, 1, "status-published",
					"/posts/status-published/", List.of(), List.of(), now, now);
			producer.send(new ProducerRecord<>(Topics.POSTS_PUBLISHED, published, JSON.writeValueAsBytes(live))).get();
			ProducerRecord<String, byte[]> deadLetter = new ProducerRecord<>(
					Topics.deadLetterOf(Topics.POSTS_SUBMITTED), failed, "{\"type\":\"PostSubmitted\",\"version\":1}"
						.getBytes(StandardCharsets.UTF_8));
			deadLetter.headers()
				.add(KafkaHeaders.DLT_EXCEPTION_MESSAGE, "Markdown too deep".getBytes(StandardCharsets.UTF_8))
				.add(KafkaHeaders.DLT_ORIGINAL_TOPIC, Topics.POSTS_SUBMITTED.getBytes(StandardCharsets.UTF_8));
			producer.send(deadLetter).get();
		}
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			status(published).extractingPath("$.state").isEqualTo("published");
			status(published).extractingPath("$.url").isEqualTo("/posts/status-published/");
			status(failed).extractingPath("$.state").isEqualTo("failed");
		});
		status(failed).extractingPath("$.failure.reason").isEqualTo("Markdown too deep");
		status(published).extractingPath("$.publishedAt").isNotNull();

		MvcTestResult firstPage = this.mvc.get()
			.uri("/api/posts?author={author}&page=0&size=1", author)
			.header(HttpHeaders.AUTHORIZATION, TOKEN)
			.exchange();
		assertThat(firstPage).hasStatusOk().bodyJson().extractingPath("$.total").isEqualTo(2);
		assertThat(firstPage).bodyJson().extractingPath("$.items[*].postId").asArray().hasSize(1);
		assertThat(this.mvc.get()
			.uri("/api/posts?author={author}&page=0&size=10", author)
			.header(HttpHeaders.AUTHORIZATION, TOKEN)).bodyJson()
			.extractingPath("$.items[*].state")
			.asArray()
			.containsExactlyInAnyOrder("published", "failed");
		assertThat(this.mvc.get().uri("/api/posts?author=X&size=1000").header(HttpHeaders.AUTHORIZATION, TOKEN))
			.hasStatus(HttpStatus.BAD_REQUEST);
		assertThat(this.mvc.get().uri("/api/posts/{id}/status", "no-such-post").header(HttpHeaders.AUTHORIZATION, TOKEN))
			.hasStatus(HttpStatus.NOT_FOUND);
	}

	@Test
	void sendsAScheduledDraftWhenItsPublishTimeComes() {
		Instant publishAt = Instant.now().plusSeconds(3);
		String draft = DRAFT.replace("\"slug\": null", "\"slug\": \"scheduled-post\"")
			.replace("2025-06-01T10:00:00+02:00", OffsetDateTime.ofInstant(publishAt, ZoneOffset.ofHours(2)).toString());
		MvcTestResult accepted = submitted(draft, null);
		assertThat(accepted).hasStatus(HttpStatus.ACCEPTED).bodyJson().extractingPath("$.status").isEqualTo("scheduled");
		String postId = postId(accepted);
		status(postId).extractingPath("$.state").isEqualTo("scheduled");

		ConsumerRecord<String, PostEvent> record = readSubmitted(postId);
		assertThat(Instant.ofEpochMilli(record.timestamp())).isAfterOrEqualTo(publishAt.minusMillis(5));
		assertThat(record.value()).isInstanceOfSatisfying(PostSubmitted.class,
				(submitted) -> assertThat(submitted.draft().slug()).isEqualTo("scheduled-post"));
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> status(postId).extractingPath("$.state").isEqualTo("accepted"));
		assertThat(this.meters.get("pipeline.posts.overdue").gauge().value()).isZero();
	}

	@Test
	void acceptsAndStoresADraftOfTheLargestBody() {
		String body = "b".repeat(1_048_576);
		String draft = DRAFT.replace("\"slug\": null", "\"slug\": \"largest-body\"")
			.replace("Teaser paragraph.\\n\\n<!--more-->\\n\\nThe rest.", body);

		String postId = postId(submitted(draft, null));

		ConsumerRecord<String, PostEvent> record = readSubmitted(postId);
		assertThat(record.value()).isInstanceOfSatisfying(PostSubmitted.class,
				(submitted) -> assertThat(submitted.draft().bodyMarkdown()).isEqualTo(body));
		assertThat(this.mvc.get().uri("/api/posts/{postId}", postId).header(HttpHeaders.AUTHORIZATION, TOKEN))
			.hasStatusOk()
			.bodyJson()
			.extractingPath("$.draft.bodyMarkdown")
			.isEqualTo(body);
	}

	@Test
	void documentsEveryEndpointAndTheDraftInOpenApiWithoutAToken() {
		MvcTestResult docs = this.mvc.get().uri("/v3/api-docs").exchange();

		assertThat(docs).hasStatusOk();
		assertThat(docs).bodyJson().extractingPath("$.paths['/api/posts'].post").isNotNull();
		assertThat(docs).bodyJson().extractingPath("$.paths['/api/posts'].get").isNotNull();
		assertThat(docs).bodyJson().extractingPath("$.paths['/api/posts/{postId}'].put").isNotNull();
		assertThat(docs).bodyJson().extractingPath("$.paths['/api/posts/{postId}'].delete").isNotNull();
		assertThat(docs).bodyJson().extractingPath("$.paths['/api/posts/{postId}'].get").isNotNull();
		assertThat(docs).bodyJson().extractingPath("$.paths['/api/posts/{postId}/status'].get").isNotNull();
		assertThat(docs).bodyJson()
			.extractingPath("$.components.schemas.DraftRequest.properties")
			.asMap()
			.containsKeys("title", "author", "bodyMarkdown", "excerpt", "slug", "tags", "coverImage", "publishAt");
		assertThat(this.mvc.get().uri("/swagger-ui/index.html")).hasStatusOk();
	}

	private MvcTestResult submitted(String draft, String idempotencyKey) {
		var request = this.mvc.post()
			.uri("/api/posts")
			.header(HttpHeaders.AUTHORIZATION, TOKEN)
			.contentType(MediaType.APPLICATION_JSON)
			.content(draft);
		if (idempotencyKey != null) {
			request.header("Idempotency-Key", idempotencyKey);
		}
		MvcTestResult result = request.exchange();
		assertThat(result).hasStatus(HttpStatus.ACCEPTED);
		return result;
	}

	private static String postId(MvcTestResult result) {
		return JSON.readTree(result.getResponse().getContentAsByteArray()).get("postId").asString();
	}

	private AbstractJsonContentAssert<?> status(String postId) {
		return assertThat(this.mvc.get().uri("/api/posts/{postId}/status", postId).header(HttpHeaders.AUTHORIZATION, TOKEN))
			.hasStatusOk()
			.bodyJson();
	}

	private Producer<String, byte[]> rawProducer() {
		Object servers = this.kafkaAdmin.getConfigurationProperties().get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
		return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers), new StringSerializer(),
				new ByteArraySerializer());
	}

	private List<ConsumerRecord<String, PostEvent>> readAll(String topic, String postId) {
		try (Consumer<String, PostEvent> consumer = this.consumerFactory.createConsumer("ingest-tests-all-" + postId,
				"ingest-tests")) {
			List<TopicPartition> partitions = consumer.partitionsFor(topic)
				.stream()
				.map((info) -> new TopicPartition(info.topic(), info.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
			List<ConsumerRecord<String, PostEvent>> seen = new ArrayList<>();
			while (partitions.stream().anyMatch((tp) -> consumer.position(tp) < end.get(tp))) {
				consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
			}
			return seen.stream().filter((record) -> postId.equals(record.key())).toList();
		}
	}

	private Map<TopicPartition, Long> endOffsets(String topic) {
		try (Consumer<String, PostEvent> consumer = this.consumerFactory.createConsumer("ingest-tests-end",
				"ingest-tests")) {
			List<TopicPartition> partitions = consumer.partitionsFor(topic)
				.stream()
				.map((info) -> new TopicPartition(info.topic(), info.partition()))
				.toList();
			return consumer.endOffsets(partitions);
		}
	}

	private List<ConsumerRecord<String, PostEvent>> readFrom(String topic, Map<TopicPartition, Long> start) {
		try (Consumer<String, PostEvent> consumer = this.consumerFactory.createConsumer("ingest-tests-from",
				"ingest-tests")) {
			consumer.assign(start.keySet());
			start.forEach(consumer::seek);
			Map<TopicPartition, Long> end = consumer.endOffsets(start.keySet());
			List<ConsumerRecord<String, PostEvent>> seen = new ArrayList<>();
			while (end.keySet().stream().anyMatch((tp) -> consumer.position(tp) < end.get(tp))) {
				consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
			}
			return seen;
		}
	}

	private ConsumerRecord<String, PostEvent> readSubmitted(String postId) {
		try (Consumer<String, PostEvent> consumer = this.consumerFactory.createConsumer("ingest-tests-" + postId,
				"ingest-tests")) {
			List<TopicPartition> partitions = consumer.partitionsFor(Topics.POSTS_SUBMITTED)
				.stream()
				.map((info) -> new TopicPartition(info.topic(), info.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			List<ConsumerRecord<String, PostEvent>> seen = new ArrayList<>();
			await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
				consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
				assertThat(seen).extracting(ConsumerRecord::key).contains(postId);
			});
			return seen.stream().filter((record) -> postId.equals(record.key())).findFirst().orElseThrow();
		}
	}

}

package blog.pipeline.ingest.ops;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import blog.pipeline.events.Topics;
import blog.pipeline.ingest.state.StateTopic;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.support.KafkaHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Dead letters on a real broker: a record a stage gave up on, dead-lettered by Spring Kafka's recoverer as render and
 * publish do, is listed with where it came from and why, re-driven once to its topic as it was, and never again,
 * also after a restart or from another instance, and only ever to the topic its dead-letter topic belongs to, if that
 * is re-drivable, whatever its headers say. Only ops tokens open these endpoints.
 */
@OpsIntegrationTest
class DeadLettersTests {

	@Value("${spring.embedded.kafka.brokers}")
	private String brokers;

	@LocalServerPort
	private int port;

	@Autowired
	private KafkaProperties kafkaProperties;

	@Autowired
	private DeadLetterReader reader;

	@Autowired
	private RedriveProducers producers;

	@Autowired
	private OpsConsumers consumers;

	@Autowired
	private OpsProperties opsProperties;

	@Autowired
	private MeterRegistry meters;

	private OpsFixture fixture;

	@BeforeAll
	void connect() {
		this.fixture = new OpsFixture(this.brokers, this.port);
	}

	@AfterAll
	void disconnect() {
		this.fixture.close();
	}

	@Test
	void aDeadLetterIsListedWithWhereItCameFromAndWhy() throws Exception {
		String postId = this.fixture.submit("Listed letter " + UUID.randomUUID());
		ConsumerRecord<byte[], byte[]> submitted = this.fixture.read(Topics.POSTS_SUBMITTED, postId);

		this.fixture.deadLetter(submitted, new IllegalStateException("page template 'post' is missing"));

		JsonNode letter = this.fixture.listedLetter(postId);
		assertThat(letter.get("topic").asString()).isEqualTo("posts.submitted.DLT");
		assertThat(letter.get("partition").asInt()).isEqualTo(submitted.partition());
		assertThat(letter.get("originalTopic").asString()).isEqualTo(Topics.POSTS_SUBMITTED);
		assertThat(letter.get("originalPartition").asInt()).isEqualTo(submitted.partition());
		assertThat(letter.get("originalOffset").asLong()).isEqualTo(submitted.offset());
		assertThat(letter.get("exceptionClass").asString()).isEqualTo(IllegalStateException.class.getName());
		assertThat(letter.get("reason").asString()).contains("page template 'post' is missing");
		assertThat(Instant.parse(letter.get("failedAt").asString())).isAfterOrEqualTo(
				Instant.ofEpochMilli(submitted.timestamp()));
	}

	@Test
	void aRedrivenLetterGoesBackToItsTopicAsItWasOnceAndLeavesTheList() throws Exception {
		String postId = this.fixture.submit("Redriven letter " + UUID.randomUUID());
		ConsumerRecord<byte[], byte[]> submitted = this.fixture.read(Topics.POSTS_SUBMITTED, postId);
		this.fixture.deadLetter(submitted, new IllegalStateException("renderer out of memory"));
		JsonNode letter = this.fixture.listedLetter(postId);
		String path = "/ops/dead-letters/" + letter.get("topic").asString() + "/" + letter.get("partition").asInt()
				+ "/" + letter.get("offset").asLong() + "/redrive";

		JsonNode redrive = this.fixture.ops("POST", path, 200);

		assertThat(redrive.get("topic").asString()).isEqualTo(Topics.POSTS_SUBMITTED);
		ConsumerRecord<byte[], byte[]> resent = this.fixture.readAt(Topics.POSTS_SUBMITTED,
				redrive.get("partition").asInt(), redrive.get("offset").asLong());
		assertThat(resent.offset()).isGreaterThan(submitted.offset());
		assertThat(new String(resent.key(), StandardCharsets.UTF_8)).isEqualTo(postId);
		assertThat(resent.value()).isEqualTo(submitted.value());
		assertThat(headerKeys(resent)).isEqualTo(headerKeys(submitted)).noneMatch((key) -> key.startsWith("kafka_dlt"));
		for (Header header : submitted.headers()) {
			assertThat(resent.headers().lastHeader(header.key()).value()).isEqualTo(header.value());
		}
		assertThat(this.fixture.ops("GET", "/ops/dead-letters", 200).findValuesAsString("key")).doesNotContain(postId);

		HttpResponse<String> again = this.fixture.send("POST", path, OpsFixture.OPS_TOKEN, null,
				Map.of("X-Request-Id", "second-redrive"));
		assertThat(again.statusCode()).isEqualTo(409);
		JsonNode problem = OpsFixture.JSON.readTree(again.body());
		assertThat(problem.get("detail").asString()).contains("already re-driven");
		assertThat(problem.get("requestId").asString()).isEqualTo("second-redrive");
		assertThat(this.fixture.ops("POST", "/ops/dead-letters/redrive", 200).findValuesAsString("letter"))
			.noneMatch((position) -> position.contains(letter.get("topic").asString() + "/"
					+ letter.get("partition").asInt() + "/" + letter.get("offset").asLong()));
	}

	@Test
	void aRestartedInstanceRemembersWhichLettersWereRedriven() throws Exception {
		String postId = this.fixture.submit("Remembered letter " + UUID.randomUUID());
		this.fixture.deadLetter(this.fixture.read(Topics.POSTS_SUBMITTED, postId), new IllegalStateException("x"));
		JsonNode letter = this.fixture.listedLetter(postId);
		Position position = new Position(letter.get("topic").asString(), letter.get("partition").asInt(),
				letter.get("offset").asLong());
		this.fixture.ops("POST", "/ops/dead-letters/" + position + "/redrive", 200);

		RedriveLog restarted = new RedriveLog(this.kafkaProperties);
		restarted.start();
		try {
			await().atMost(Duration.ofSeconds(20)).until(restarted::isReady);
			assertThat(restarted.of(position)).hasValueSatisfying(
					(redriven) -> assertThat(redriven.topic()).isEqualTo(Topics.POSTS_SUBMITTED));
			assertThat(restarted.of(new Position(position.topic(), position.partition(), position.offset() + 1000)))
				.isEmpty();
		}
		finally {
			restarted.stop();
		}
	}

	@Test
	void aRedriveDecidesOnTheRedriveLogInKafkaNotOnTheInstancesOwnView() throws Exception {
		String postId = this.fixture.submit("Fenced letter " + UUID.randomUUID());
		this.fixture.deadLetter(this.fixture.read(Topics.POSTS_SUBMITTED, postId), new IllegalStateException("z"));
		JsonNode letter = this.fixture.listedLetter(postId);
		Position position = new Position(letter.get("topic").asString(), letter.get("partition").asInt(),
				letter.get("offset").asLong());
		this.fixture.ops("POST", "/ops/dead-letters/" + position + "/redrive", 200);
		// another instance that has not read the re-drive log at all
		Redriver otherInstance = new Redriver(this.reader, new RedriveLog(this.kafkaProperties), this.producers,
				this.consumers, Clock.systemUTC(), this.opsProperties, new SimpleMeterRegistry());

		assertThatExceptionOfType(AlreadyRedrivenException.class).isThrownBy(() -> otherInstance.redrive(position));
		assertThat(otherInstance.redriveAll(null)).extracting(Redrive::letter).doesNotContain(position);
		assertThat(this.fixture.count(Topics.POSTS_SUBMITTED, postId)).isEqualTo(2);
	}

	@Test
	void aRedriveFencesARedriveAnotherInstanceHasNotCommittedYet() throws Exception {
		String postId = this.fixture.submit("Raced letter " + UUID.randomUUID());
		this.fixture.deadLetter(this.fixture.read(Topics.POSTS_SUBMITTED, postId), new IllegalStateException("w"));
		JsonNode letter = this.fixture.listedLetter(postId);
		Position position = new Position(letter.get("topic").asString(), letter.get("partition").asInt(),
				letter.get("offset").asLong());
		KafkaProducer<byte[], byte[]> otherInstance = this.producers.openFenced();
		try {
			otherInstance.beginTransaction();
			otherInstance.send(new ProducerRecord<>(RedriveLog.TOPIC, position.key().getBytes(StandardCharsets.UTF_8),
					"{\"at\":\"2025-01-01T00:00:00Z\",\"topic\":\"posts.submitted\"}".getBytes(StandardCharsets.UTF_8)))
				.get();

			this.fixture.ops("POST", "/ops/dead-letters/" + position + "/redrive", 200);

			assertThatExceptionOfType(KafkaException.class).isThrownBy(otherInstance::commitTransaction);
		}
		finally {
			otherInstance.close(Duration.ofSeconds(5));
		}
		assertThat(this.fixture.count(Topics.POSTS_SUBMITTED, postId)).isEqualTo(2);
	}

	@Test
	void redrivingAllOfOneTopicLeavesTheLettersOfOtherTopics() throws Exception {
		String renderedKey = "poison-" + UUID.randomUUID();
		this.fixture.produce(Topics.POSTS_RENDERED, renderedKey, "{not json".getBytes(StandardCharsets.UTF_8));
		this.fixture.deadLetter(this.fixture.read(Topics.POSTS_RENDERED, renderedKey),
				new IllegalArgumentException("unreadable PostRendered"));
		String submittedKey = this.fixture.submit("Left letter " + UUID.randomUUID());
		this.fixture.deadLetter(this.fixture.read(Topics.POSTS_SUBMITTED, submittedKey),
				new IllegalStateException("y"));
		this.fixture.listedLetter(renderedKey);
		this.fixture.listedLetter(submittedKey);

		JsonNode redriven = this.fixture.ops("POST", "/ops/dead-letters/redrive?topic=posts.rendered.DLT", 200);

		assertThat(redriven.findValuesAsString("topic")).isNotEmpty().containsOnly(Topics.POSTS_RENDERED);
		List<String> left = this.fixture.ops("GET", "/ops/dead-letters", 200).findValuesAsString("key");
		assertThat(left).contains(submittedKey).doesNotContain(renderedKey);
		assertThat(new String(this.fixture.read(Topics.POSTS_RENDERED, renderedKey).value(), StandardCharsets.UTF_8))
			.isEqualTo("{not json");
	}

	@Test
	void aPositionThatHoldsNoDeadLetterIs404() throws Exception {
		for (String position : List.of("posts.submitted.DLT/0/999999", "posts.submitted.DLT/99/0",
				"posts.submitted/0/0", "posts.submitted.DLT/0/-1")) {
			JsonNode problem = this.fixture.ops("POST", "/ops/dead-letters/" + position + "/redrive", 404);
			assertThat(problem.get("detail").asString()).contains("No dead letter at");
		}
	}

	@Test
	void aLetterWhoseHeaderAimsAtIngestStateIsRefusedWhileALegitimateOneIsRedriven() throws Exception {
		String injectedKey = "injected-" + UUID.randomUUID();
		RecordMetadata crafted = this.fixture.produce(Topics.deadLetterOf(Topics.POSTS_SUBMITTED), 0, injectedKey,
				"{\"forged\":\"state\"}".getBytes(StandardCharsets.UTF_8),
				Map.of(KafkaHeaders.DLT_ORIGINAL_TOPIC, StateTopic.NAME, KafkaHeaders.DLT_EXCEPTION_MESSAGE, "x"));
		String postId = this.fixture.submit("Legitimate letter " + UUID.randomUUID());
		ConsumerRecord<byte[], byte[]> submitted = this.fixture.read(Topics.POSTS_SUBMITTED, postId);
		this.fixture.deadLetter(submitted, new IllegalStateException("renderer restarted"));
		this.fixture.listedLetter(postId);
		assertThat(this.fixture.listedLetter(injectedKey).get("originalTopic").asString())
			.isEqualTo(Topics.POSTS_SUBMITTED);
		double refusedBefore = refused("inconsistent");
		String path = "/ops/dead-letters/" + crafted.topic() + "/" + crafted.partition() + "/" + crafted.offset()
				+ "/redrive";

		HttpResponse<String> refused = this.fixture.send("POST", path, OpsFixture.OPS_TOKEN, null, Map.of());

		assertThat(refused.statusCode()).isEqualTo(422);
		assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = OpsFixture.JSON.readTree(refused.body());
		assertThat(problem.get("title").asString()).isEqualTo("Re-drive refused");
		assertThat(problem.get("detail").asString()).contains("posts.submitted.DLT/0/" + crafted.offset())
			.contains("kafka_dlt-original-topic header names \"ingest.state\", not posts.submitted")
			.contains("inconsistent");
		assertThat(refused("inconsistent")).isEqualTo(refusedBefore + 1);

		JsonNode redriven = this.fixture.ops("POST", "/ops/dead-letters/redrive?topic=posts.submitted.DLT", 200);

		assertThat(redriven.findValuesAsString("topic")).containsOnly(Topics.POSTS_SUBMITTED);
		assertThat(redriven.findValuesAsString("letter")).doesNotContain(crafted.topic() + "/" + crafted.partition()
				+ "/" + crafted.offset());
		assertThat(this.fixture.count(Topics.POSTS_SUBMITTED, postId)).isEqualTo(2);
		assertThat(refused("inconsistent")).isEqualTo(refusedBefore + 2);
		assertThat(this.fixture.count(StateTopic.NAME, injectedKey)).isZero();
		assertThat(this.fixture.count(Topics.POSTS_SUBMITTED, injectedKey)).isZero();
		assertThat(this.fixture.ops("GET", "/ops/dead-letters", 200).findValuesAsString("key")).contains(injectedKey)
			.doesNotContain(postId);
	}

	@Test
	void theDeadLetterTopicOfATopicNotRedrivableIsNeitherListedNorRedriven() throws Exception {
		String deadLetters = Topics.deadLetterOf(StateTopic.NAME);
		this.fixture.createTopic(deadLetters, 1);
		String injectedKey = "injected-" + UUID.randomUUID();
		RecordMetadata planted = this.fixture.produce(deadLetters, 0, injectedKey,
				"{\"forged\":\"state\"}".getBytes(StandardCharsets.UTF_8),
				Map.of(KafkaHeaders.DLT_ORIGINAL_TOPIC, StateTopic.NAME));
		double refusedBefore = refused("not-redrivable");

		assertThat(this.fixture.ops("GET", "/ops/dead-letters", 200).findValuesAsString("topic"))
			.doesNotContain(deadLetters);
		assertThat(this.fixture.ops("GET", "/ops/dead-letters?topic=" + deadLetters, 200)).isEmpty();
		for (String position : List.of(deadLetters + "/0/" + planted.offset(), "no.such.topic.DLT/0/0",
				"ingest.ops.redriven.DLT/0/0", "posts.submitted.DLT.DLT/0/0")) {
			JsonNode problem = this.fixture.ops("POST", "/ops/dead-letters/" + position + "/redrive", 422);
			assertThat(problem.get("title").asString()).isEqualTo("Re-drive refused");
			assertThat(problem.get("detail").asString())
				.contains(position.substring(0, position.indexOf('/')) + " is not the dead-letter topic of a "
						+ "re-drivable topic (posts.submitted, posts.replay, posts.rendered, publish.author-index, "
						+ "publish.site-index)");
		}
		assertThat(refused("not-redrivable")).isEqualTo(refusedBefore + 4);
		assertThat(this.fixture.ops("POST", "/ops/dead-letters/redrive", 200).findValuesAsString("letter"))
			.noneMatch((letter) -> letter.startsWith(deadLetters + "/"));
		assertThat(this.fixture.ops("POST", "/ops/dead-letters/redrive?topic=" + deadLetters, 200)).isEmpty();
		assertThat(this.fixture.count(StateTopic.NAME, injectedKey)).isZero();
	}

	private double refused(String reason) {
		Counter counter = this.meters.find("pipeline.dead.letters.redrive.refused").tag("reason", reason).counter();
		return (counter != null) ? counter.count() : 0;
	}

	@Test
	void opsEndpointsTakeOnlyOpsTokensAndOpsTokensSubmitNothing() throws Exception {
		for (String token : Arrays.asList(null, OpsFixture.EDITOR_TOKEN, "guess")) {
			for (String[] call : List.of(new String[] { "GET", "/ops/dead-letters" },
					new String[] { "GET", "/ops/overview" }, new String[] { "POST", "/ops/dead-letters/redrive" },
					new String[] { "POST", "/ops/dead-letters/posts.submitted.DLT/0/0/redrive" })) {
				HttpResponse<String> refused = this.fixture.send(call[0], call[1], token, null, Map.of());
				// an editor's token names someone, who may not do this: 403; no token or an unknown one: 401
				int expected = OpsFixture.EDITOR_TOKEN.equals(token) ? 403 : 401;
				assertThat(refused.statusCode()).as("%s %s with %s", call[0], call[1], token).isEqualTo(expected);
				assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
						(challenge) -> assertThat(challenge).startsWith("Bearer"));
				assertThat(OpsFixture.JSON.readTree(refused.body()).get("requestId").asString())
					.isEqualTo(refused.headers().firstValue("X-Request-Id").orElseThrow());
			}
		}
		HttpResponse<String> draft = this.fixture.send("POST", "/api/posts", OpsFixture.OPS_TOKEN, "{}", Map.of());
		assertThat(draft.statusCode()).as("an operator's token does not open the editors' API").isEqualTo(403);
		HttpResponse<String> page = this.fixture.send("GET", "/ops/", null, null, Map.of());
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("<title>Pipeline operations</title>").doesNotContain("maria-sanda");
		assertThat(this.fixture.send("GET", "/ops/ops.js", null, null, Map.of()).statusCode()).isEqualTo(200);
	}

	@Test
	void anErrorTomcatAnswersItselfCarriesARequestIdToo() throws Exception {
		HttpResponse<String> refused = this.fixture.send("GET", "/api/posts/a%2Fb/status", OpsFixture.EDITOR_TOKEN,
				null, Map.of("X-Request-Id", "encoded-slash"));

		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.headers().firstValue("X-Request-Id")).hasValue("encoded-slash");
		assertThat(OpsFixture.JSON.readTree(refused.body()).get("requestId").asString()).isEqualTo("encoded-slash");
	}

	private static List<String> headerKeys(ConsumerRecord<?, ?> record) {
		List<String> keys = new ArrayList<>();
		record.headers().forEach((header) -> keys.add(header.key()));
		return keys;
	}

}

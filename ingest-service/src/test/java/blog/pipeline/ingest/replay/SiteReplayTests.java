package blog.pipeline.ingest.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import blog.pipeline.events.PostEvent;
import blog.pipeline.events.PostPublished;
import blog.pipeline.events.PostSubmitted;
import blog.pipeline.events.ReplayHeader;
import blog.pipeline.events.SchemaVersion;
import blog.pipeline.events.Topics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The full replay on a real broker, with publish played by the test: what goes onto {@code posts.replay} (the latest
 * version of each live post, with the replay id), how progress is counted from {@code posts.published} and the
 * dead-letter topics, the in-flight bound of the throttle, and the operator token on {@code /ops}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "pipeline.topics.partitions=3", "pipeline.security.editor-tokens=replay-editor:editor-token",
				"pipeline.security.ops-tokens=replay-ops:ops-token", "pipeline.replay.max-in-flight=3", "pipeline.replay.max-rate=500" })
@AutoConfigureMockMvc
@EmbeddedKafka(brokerProperties = "auto.create.topics.enable=false")
@TestPropertySource(properties = "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}")
class SiteReplayTests {

	private static final String EDITOR = "Bearer editor-token";

	private static final String OPS = "Bearer ops-token";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	private MockMvcTester mvc;

	@Autowired
	private ConsumerFactory<String, PostEvent> consumerFactory;

	@Autowired
	private KafkaTemplate<String, Object> kafka;

	@Autowired
	private SiteReplay replay;

	@AfterEach
	void stopAnyReplay() {
		this.replay.cancel();
	}

	@Test
	void opsEndpointsNeedAnOperatorToken() {
		assertThat(this.mvc.get().uri("/ops/replay").exchange()).hasStatus(HttpStatus.UNAUTHORIZED);
		assertThat(this.mvc.post().uri("/ops/replay").header(HttpHeaders.AUTHORIZATION, EDITOR).exchange())
			.as("an editor's token does not open the ops endpoints")
			.hasStatus(HttpStatus.FORBIDDEN);
		assertThat(this.mvc.get().uri("/ops/replay").header(HttpHeaders.AUTHORIZATION, "Bearer wrong").exchange())
			.hasStatus(HttpStatus.UNAUTHORIZED)
			.hasHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
	}

	@Test
	void aRateOutsideTheLimitsIsRefused() {
		assertThat(start("0")).hasStatus(HttpStatus.BAD_REQUEST);
		assertThat(start("501")).hasStatus(HttpStatus.BAD_REQUEST).bodyText().contains("between 1 and 500");
	}

	@Test
	void replaySendsTheLatestVersionOfEveryLivePostAndFinishesOnceEachIsThroughPublish() throws Exception {
		String edited = submit("Edited twice");
		update(edited, "Edited twice, second version");
		String plain = submit("Plain");
		String withdrawn = submit("Withdrawn");
		assertThat(this.mvc.delete()
			.uri("/api/posts/" + withdrawn)
			.header(HttpHeaders.AUTHORIZATION, EDITOR)
			.exchange()).hasStatus(HttpStatus.ACCEPTED);
		String scheduled = submit("Scheduled", Instant.now().plus(Duration.ofDays(30)));

		MvcTestResult started = start("200");
		assertThat(started).hasStatus(HttpStatus.ACCEPTED).hasHeader(HttpHeaders.LOCATION, "/ops/replay");
		JsonNode progress = json(started);
		String replayId = progress.get("replayId").asString();
		int total = progress.get("total").asInt();
		assertThat(progress.get("state").asString()).isEqualTo("RUNNING");
		assertThat(start("10")).as("one replay at a time").hasStatus(HttpStatus.CONFLICT);

		// publish, played here: the first post fails, the second is overtaken by a newer live version
		Map<String, PostSubmitted> replayed = new HashMap<>();
		try (Consumer<String, PostEvent> consumer = this.consumerFactory.createConsumer("replay-tests",
				"replay-tests")) {
			List<TopicPartition> partitions = partitions(consumer, Topics.POSTS_REPLAY);
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
				for (ConsumerRecord<String, PostEvent> record : consumer.poll(Duration.ofMillis(100))) {
					if (replayId.equals(header(record))
							&& replayed.put(record.key(), (PostSubmitted) record.value()) == null) {
						publish(record, replayed.size());
					}
				}
				assertThat(json(get()).get("state").asString()).isEqualTo("FINISHED");
			});
		}

		assertThat(replayed).hasSize(total).containsKeys(edited, plain).doesNotContainKeys(withdrawn, scheduled);
		assertThat(replayed.get(edited).version()).as("the latest version, not a new one").isEqualTo(2);
		assertThat(replayed.get(edited).draft().title()).isEqualTo("Edited twice, second version");
		assertThat(replayed.get(plain).version()).isEqualTo(1);
		JsonNode finished = json(get());
		assertThat(finished.get("replayId").asString()).isEqualTo(replayId);
		assertThat(finished.get("total").asInt()).isEqualTo(total);
		assertThat(finished.get("sent").asInt()).isEqualTo(total);
		assertThat(finished.get("failed").asInt()).isEqualTo(1);
		assertThat(finished.get("overtaken").asInt()).isEqualTo(1);
		assertThat(finished.get("done").asInt()).isEqualTo(total - 1);
		assertThat(finished.get("republished").asInt()).isEqualTo(total - 2);
		assertThat(finished.get("etaSeconds").asLong()).isZero();
		assertThat(finished.get("finishedAt").isNull()).isFalse();
		assertThat(finished.get("targetRate").asInt()).isEqualTo(200);
	}

	@Test
	void replayWaitsWhileTheMostPostsAllowedAreInFlight() throws Exception {
		for (int i = 0; i < 5; i++) {
			submit("In flight " + i);
		}
		String replayId = json(start("500")).get("replayId").asString();

		await().atMost(Duration.ofSeconds(30)).until(() -> json(get()).get("sent").asInt() == 3);
		await().during(Duration.ofSeconds(1))
			.atMost(Duration.ofSeconds(2))
			.until(() -> json(get()).get("sent").asInt() == 3);
		try (Consumer<String, PostEvent> consumer = this.consumerFactory.createConsumer("replay-window",
				"replay-window")) {
			List<TopicPartition> partitions = partitions(consumer, Topics.POSTS_REPLAY);
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
			List<String> sent = new ArrayList<>();
			await().atMost(Duration.ofSeconds(20)).until(() -> {
				consumer.poll(Duration.ofMillis(100))
					.forEach((record) -> {
						if (replayId.equals(header(record))) {
							sent.add(record.key());
						}
					});
				return partitions.stream().allMatch((partition) -> consumer.position(partition) >= end.get(partition));
			});
			assertThat(sent).as("no more than pipeline.replay.max-in-flight posts wait for publish").hasSize(3);
		}

		MvcTestResult cancelled = this.mvc.delete()
			.uri("/ops/replay")
			.header(HttpHeaders.AUTHORIZATION, OPS)
			.exchange();
		assertThat(cancelled).hasStatus(HttpStatus.OK);
		assertThat(json(cancelled).get("state").asString()).isEqualTo("CANCELLED");
		assertThat(this.mvc.delete().uri("/ops/replay").header(HttpHeaders.AUTHORIZATION, OPS).exchange())
			.hasStatus(HttpStatus.CONFLICT);
	}

	/** Plays publish for a replayed post: 1st dead-lettered, 2nd overtaken by version + 1, others re-published. */
	private void publish(ConsumerRecord<String, PostEvent> record, int nth) throws Exception {
		PostEvent event = record.value();
		PostPublished published = new PostPublished(SchemaVersion.CURRENT, event.postId(),
				(nth == 2) ? event.version() + 1 : event.version(), "slug", "/posts/slug/", List.of(), List.of(),
				Instant.now(), Instant.now());
		String topic = (nth == 1) ? Topics.deadLetterOf(Topics.POSTS_RENDERED) : Topics.POSTS_PUBLISHED;
		ProducerRecord<String, Object> out = new ProducerRecord<>(topic, event.postId(), (nth == 1) ? event : published);
		if (nth != 2) {
			out.headers().add(ReplayHeader.NAME, record.headers().lastHeader(ReplayHeader.NAME).value());
		}
		this.kafka.send(out).get();
	}

	private MvcTestResult start(String rate) {
		return this.mvc.post().uri("/ops/replay?rate=" + rate).header(HttpHeaders.AUTHORIZATION, OPS).exchange();
	}

	private MvcTestResult get() {
		return this.mvc.get().uri("/ops/replay").header(HttpHeaders.AUTHORIZATION, OPS).exchange();
	}

	private String submit(String title) {
		return submit(title, null);
	}

	/** Submits a new post, retried with its idempotency key while Kafka is not ready (the first transaction). */
	private String submit(String title, Instant publishAt) {
		String draft = draft(title + " " + UUID.randomUUID(), publishAt);
		String key = UUID.randomUUID().toString();
		MvcTestResult result = await().atMost(Duration.ofSeconds(30))
			.until(() -> this.mvc.post()
				.uri("/api/posts")
				.header(HttpHeaders.AUTHORIZATION, EDITOR)
				.header("Idempotency-Key", key)
				.contentType(MediaType.APPLICATION_JSON)
				.content(draft)
				.exchange(), (answer) -> answer.getResponse().getStatus() != HttpStatus.SERVICE_UNAVAILABLE.value());
		assertThat(result).hasStatus(HttpStatus.ACCEPTED);
		return json(result).get("postId").asString();
	}

	private void update(String postId, String title) {
		assertThat(this.mvc.put()
			.uri("/api/posts/" + postId)
			.header(HttpHeaders.AUTHORIZATION, EDITOR)
			.contentType(MediaType.APPLICATION_JSON)
			.content(draft(title, null))
			.exchange()).hasStatus(HttpStatus.ACCEPTED);
	}

	private static String draft(String title, Instant publishAt) {
		return """
				{"title": "%s", "author": {"id": "maria-sanda", "name": "Maria Sanda"},
				 "bodyMarkdown": "Body.", "excerpt": null, "slug": null, "tags": [], "coverImage": null,
				 "publishAt": %s}
				""".formatted(title, (publishAt != null) ? "\"" + publishAt + "\"" : "null");
	}

	private static JsonNode json(MvcTestResult result) {
		return JSON.readTree(result.getResponse().getContentAsByteArray());
	}

	private static String header(ConsumerRecord<?, ?> record) {
		Header header = record.headers().lastHeader(ReplayHeader.NAME);
		return (header != null) ? ReplayHeader.decode(header.value()) : null;
	}

	private static List<TopicPartition> partitions(Consumer<?, ?> consumer, String topic) {
		return consumer.partitionsFor(topic)
			.stream()
			.map((info) -> new TopicPartition(info.topic(), info.partition()))
			.toList();
	}

}

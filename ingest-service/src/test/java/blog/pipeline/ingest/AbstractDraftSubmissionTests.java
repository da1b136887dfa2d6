package blog.pipeline.ingest;

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
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.support.mapping.AbstractJavaTypeMapper;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenarios on a real Kafka broker: an accepted draft is on {@code posts.submitted} by the time the editor gets 202.
 * Subclasses supply the broker.
 */
@SpringBootTest(properties = { "pipeline.topics.partitions=3", "pipeline.ingest.editor-tokens=integration-token" })
@AutoConfigureMockMvc
abstract class AbstractDraftSubmissionTests {

	private static final String TOKEN = "Bearer integration-token";

	private static final String TRACE_PARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

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
	void declaresTheSubmittedTopicWithTheConfiguredPartitions() {
		TopicDescription topic = this.kafkaAdmin.describeTopics(Topics.POSTS_SUBMITTED).get(Topics.POSTS_SUBMITTED);
		assertThat(topic.partitions()).hasSize(3);
	}

	@Test
	void keepsHealthInfoAndMetricsOpenWhileTheApiNeedsAToken() {
		assertThat(this.mvc.get().uri("/actuator/health")).hasStatusOk()
			.bodyJson()
			.extractingPath("$.status")
			.isEqualTo("UP");
		assertThat(this.mvc.get().uri("/actuator/info")).hasStatusOk()
			.bodyJson()
			.extractingPath("$.app.name")
			.isEqualTo("ingest-service");
		assertThat(this.mvc.get().uri("/actuator/prometheus")).hasStatusOk()
			.bodyText()
			.contains("jvm_memory_used_bytes");
		assertThat(this.mvc.post().uri("/api/posts").contentType(MediaType.APPLICATION_JSON).content(DRAFT))
			.hasStatus(HttpStatus.UNAUTHORIZED);
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

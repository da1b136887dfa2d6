package blog.pipeline.ingest.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;

import blog.pipeline.events.PostPublished;
import blog.pipeline.events.SchemaVersion;
import blog.pipeline.events.Topics;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The figures of the ops page from the topics and group offsets on a real broker: records per stage and minute, the
 * submit-to-live latency of published posts, the lag of the render and publish groups, the recent posts' stages.
 */
@OpsIntegrationTest
class OpsOverviewTests {

	@Value("${spring.embedded.kafka.brokers}")
	private String brokers;

	@LocalServerPort
	private int port;

	@Autowired
	private KafkaTemplate<String, Object> kafka;

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
	void aPublishedPostCountsInEachStageAndItsSubmitToLiveLatencyShows() throws Exception {
		String postId = this.fixture.submit("Overview post " + UUID.randomUUID());
		Instant publishedAt = Instant.now();
		PostPublished published = new PostPublished(SchemaVersion.CURRENT, postId, 1, "overview-post",
				"/posts/overview-post/", List.of("posts/overview-post/index.html"), List.of("/posts/overview-post/"),
				publishedAt.minusMillis(1500), publishedAt);

		this.kafka.send(Topics.POSTS_PUBLISHED, postId, published).get();

		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			JsonNode overview = this.fixture.ops("GET", "/ops/overview", 200);
			assertThat(sum(overview.get("throughput"), "accepted")).isGreaterThanOrEqualTo(1);
			assertThat(sum(overview.get("throughput"), "published")).isEqualTo(1);
			assertThat(overview.get("throughput")).hasSize(15);
			assertThat(overview.at("/submitToLive/posts").asInt()).isEqualTo(1);
			assertThat(overview.at("/submitToLive/p50Millis").asLong()).isEqualTo(1500);
			assertThat(overview.at("/submitToLive/p99Millis").asLong()).isEqualTo(1500);
			JsonNode post = StreamSupport.stream(overview.get("recentPosts").spliterator(), false)
				.filter((item) -> item.get("postId").asString().equals(postId))
				.findFirst()
				.orElseThrow();
			assertThat(post.get("stage").asString()).isEqualTo("published");
		});
	}

	@Test
	void theLagOfTheRenderAndPublishGroupsShowsPerPartitionAndFallsWhenTheyCommit() throws Exception {
		this.fixture.submit("Lagging post " + UUID.randomUUID());
		Map<TopicPartition, Long> ends = this.fixture.endOffsets(Topics.POSTS_SUBMITTED);

		// the overview leaves the lag out when Kafka does not answer within its timeout: ask until it does
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			JsonNode lag = this.fixture.ops("GET", "/ops/overview", 200).get("lag");
			assertThat(rows(lag, OpsIntegrationTest.PUBLISH)).hasSize(3)
				.allSatisfy((row) -> assertThat(row.get("topic").asString()).isEqualTo(Topics.POSTS_RENDERED));
			List<JsonNode> render = rows(lag, OpsIntegrationTest.RENDER);
			assertThat(render).hasSize(3);
			for (JsonNode row : render) {
				assertThat(row.get("topic").asString()).isEqualTo(Topics.POSTS_SUBMITTED);
				assertThat(row.get("lag").asLong())
					.isEqualTo(ends.get(new TopicPartition(Topics.POSTS_SUBMITTED, row.get("partition").asInt())));
			}
			assertThat(render.stream().mapToLong((row) -> row.get("lag").asLong()).sum()).isPositive();
		});

		this.fixture.commit(OpsIntegrationTest.RENDER, ends);

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(
					rows(this.fixture.ops("GET", "/ops/overview", 200).get("lag"), OpsIntegrationTest.RENDER))
				.hasSize(3)
				.allSatisfy((row) -> assertThat(row.get("lag").asLong()).isZero()));
	}

	private static long sum(JsonNode minutes, String stage) {
		long sum = 0;
		for (JsonNode minute : minutes) {
			sum += minute.get(stage).asLong();
		}
		return sum;
	}

	private static List<JsonNode> rows(JsonNode lag, String group) {
		return StreamSupport.stream(lag.spliterator(), false)
			.filter((row) -> row.get("group").asString().equals(group))
			.toList();
	}

}

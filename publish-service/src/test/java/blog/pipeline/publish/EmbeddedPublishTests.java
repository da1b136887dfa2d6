package blog.pipeline.publish;

import blog.pipeline.events.PostRendered;
import blog.pipeline.events.Topics;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The publish scenarios on the embedded KRaft broker and S3Proxy (both real servers, no Docker), plus a bucket outage.
 */
@ExtendWith(EmbeddedServers.class)
class EmbeddedPublishTests extends PublishScenarios {

	@DynamicPropertySource
	static void servers(DynamicPropertyRegistry registry) {
		registry.add("spring.kafka.bootstrap-servers", EmbeddedServers::bootstrapServers);
		registry.add("pipeline.s3.endpoint", EmbeddedServers::s3Endpoint);
		registry.add("pipeline.s3.access-key", () -> EmbeddedServers.ACCESS_KEY);
		registry.add("pipeline.s3.secret-key", () -> EmbeddedServers.SECRET_KEY);
	}

	@Test
	@Order(50)
	void bucketOutageIsRetriedUntilTheBucketIsBackAndNothingIsDeadLettered() throws Exception {
		PostRendered post = rendered("outage", 1, "outage", author("ada", "Ada Lovelace"), "Outage",
				"2024-03-01T10:00:00Z");
		double failuresBefore = failedBatches();

		EmbeddedServers.stopS3();
		try {
			send(post);
			// more failures than the bounded retries would allow before dead-lettering
			await().atMost(java.time.Duration.ofSeconds(30)).until(() -> failedBatches() >= failuresBefore + 3);
		}
		finally {
			EmbeddedServers.startS3();
		}

		awaitObject(postKey(post), (html) -> html.contains("version 1"));
		try (TopicProbe<String> deadLetters = TopicProbe.text(bootstrapServers(),
				Topics.deadLetterOf(Topics.POSTS_RENDERED))) {
			assertThat(deadLetters.readToEnd()).noneMatch((record) -> record.key().equals(post.postId()));
		}
	}

	private double failedBatches() {
		return this.meters.counter("pipeline.publish.failed.batches").count();
	}

}

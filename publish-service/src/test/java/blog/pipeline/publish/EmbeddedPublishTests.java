package blog.pipeline.publish;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import blog.pipeline.events.Author;
import blog.pipeline.events.PostRendered;
import blog.pipeline.events.Topics;
import blog.pipeline.publish.bucket.SiteLayout;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The publish scenarios on the embedded KRaft broker and S3Proxy (both real servers, no Docker), plus a 30-second
 * bucket outage under load (the one long test).
 */
@ExtendWith(EmbeddedServers.class)
class EmbeddedPublishTests extends PublishScenarios {

	private static final Duration OUTAGE = Duration.ofSeconds(30);

	@DynamicPropertySource
	static void servers(DynamicPropertyRegistry registry) {
		registry.add("spring.kafka.bootstrap-servers", EmbeddedServers::bootstrapServers);
		registry.add("pipeline.s3.endpoint", EmbeddedServers::s3Endpoint);
		registry.add("pipeline.s3.access-key", () -> EmbeddedServers.ACCESS_KEY);
		registry.add("pipeline.s3.secret-key", () -> EmbeddedServers.SECRET_KEY);
	}

	@Test
	@Order(50)
	void aThirtySecondBucketOutageUnderLoadLosesNothingAndEverythingIsPublishedAfter() throws Exception {
		Author author = author("outage", "Outage Author");
		List<PostRendered> sent = new ArrayList<>();
		double failuresBefore = failedBatches();

		EmbeddedServers.stopS3();
		try {
			long end = System.nanoTime() + OUTAGE.toNanos();
			for (int i = 0; System.nanoTime() < end; i++) {
				PostRendered post = rendered("outage" + i, 1, "outage" + i, author, "Outage " + i,
						Instant.parse("2022-01-01T10:00:00Z").plus(Duration.ofDays(i)).toString());
				send(post);
				sent.add(post);
				// events keep arriving at a steady pace while the bucket is down
				await().pollDelay(Duration.ofMillis(300)).until(() -> true);
			}
			// far more failures than the bounded retries would allow before dead-lettering
			assertThat(failedBatches()).isGreaterThanOrEqualTo(failuresBefore + 10);
		}
		finally {
			EmbeddedServers.startS3();
		}

		List<String> newestFirst = new ArrayList<>(sent.stream().map((post) -> SiteLayout.postPath(post.slug())).toList());
		Collections.reverse(newestFirst);
		await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(listing(author)).isEqualTo(newestFirst));
		for (PostRendered post : sent) {
			assertThat(object(postKey(post))).isPresent();
		}
		assertThat(sent).hasSizeGreaterThan(50);
		try (TopicProbe<String> deadLetters = TopicProbe.text(bootstrapServers(),
				Topics.deadLetterOf(Topics.POSTS_RENDERED))) {
			assertThat(deadLetters.readToEnd())
				.noneMatch((record) -> record.key().startsWith("outage") && record.key().endsWith(this.run));
		}
	}

	private double failedBatches() {
		return this.meters.counter("pipeline.publish.failed.batches").count();
	}

}

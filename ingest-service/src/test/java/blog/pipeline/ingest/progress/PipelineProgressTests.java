package blog.pipeline.ingest.progress;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import blog.pipeline.events.ReplayHeader;
import blog.pipeline.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.support.KafkaHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/** Dead letters of a full replay's copies do not mark the post failed; followers see every record. */
class PipelineProgressTests {

	private final PipelineProgress progress = new PipelineProgress();

	@Test
	void aDeadLetteredReplayCopyLeavesThePostsStatusAlone() {
		ConsumerRecord<String, byte[]> deadLetter = deadLetter("p1");
		deadLetter.headers().add(ReplayHeader.NAME, ReplayHeader.encode("r1"));

		this.progress.record(deadLetter);

		assertThat(this.progress.of("p1").failed()).isNull();
	}

	@Test
	void aDeadLetteredLiveVersionMarksThePostFailed() {
		this.progress.record(deadLetter("p2"));

		assertThat(this.progress.of("p2").failed()).isNotNull()
			.satisfies((failure) -> assertThat(failure.reason()).isEqualTo("cannot render"));
	}

	@Test
	void followersSeeEveryRecord() {
		List<String> seen = new ArrayList<>();
		this.progress.follow((record) -> seen.add(record.topic() + "/" + record.key()));

		this.progress.record(deadLetter("p3"));
		this.progress.record(new ConsumerRecord<>(Topics.POSTS_PUBLISHED, 0, 0, "p4", null));

		assertThat(seen).containsExactly(Topics.deadLetterOf(Topics.POSTS_REPLAY) + "/p3",
				Topics.POSTS_PUBLISHED + "/p4");
	}

	private static ConsumerRecord<String, byte[]> deadLetter(String postId) {
		ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(Topics.deadLetterOf(Topics.POSTS_REPLAY), 0, 0,
				postId, "{\"version\":1}".getBytes(StandardCharsets.UTF_8));
		record.headers().add(KafkaHeaders.DLT_EXCEPTION_MESSAGE, "cannot render".getBytes(StandardCharsets.UTF_8));
		return record;
	}

}

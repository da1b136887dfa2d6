package blog.pipeline.ingest.ops;

import java.nio.charset.StandardCharsets;
import java.util.List;

import blog.pipeline.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.support.KafkaHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Where a dead letter may go back to is decided by its dead-letter topic's name, checked against its headers. */
class RedriveTargetsTests {

	@Test
	void onlyTheDeadLetterTopicsOfTheRedrivableTopicsAreRead() {
		assertThat(RedriveTargets.TOPICS).containsExactly("posts.submitted", "posts.replay", "posts.rendered",
				"publish.author-index", "publish.site-index");
		for (String topic : RedriveTargets.TOPICS) {
			assertThat(RedriveTargets.isReadable(Topics.deadLetterOf(topic))).as(topic).isTrue();
			assertThat(RedriveTargets.isReadable(topic)).as(topic).isFalse();
		}
		for (String topic : new String[] { "ingest.state.DLT", "ingest.ops.redriven.DLT", "posts.catalog.DLT",
				"posts.published.DLT", "posts.submitted.DLT.DLT", ".DLT", "posts.submitted.dlt" }) {
			assertThat(RedriveTargets.isReadable(topic)).as(topic).isFalse();
		}
	}

	@Test
	void theTargetIsTheDeadLetterTopicsBaseWithOrWithoutTheRecoverersHeader() {
		assertThat(RedriveTargets.targetOf(letter("publish.site-index.DLT"))).isEqualTo("publish.site-index");
		assertThat(RedriveTargets.targetOf(letter("posts.rendered.DLT", "posts.rendered")))
			.isEqualTo("posts.rendered");
	}

	@Test
	void aHeaderNamingAnotherTopicIsRefusedEvenIfAnotherHeaderAgrees() {
		for (ConsumerRecord<byte[], byte[]> letter : List.of(letter("posts.submitted.DLT", "ingest.state"),
				letter("posts.submitted.DLT", "ingest.state", "posts.submitted"),
				letter("posts.submitted.DLT", "posts.submitted", "ingest.state"),
				letter("posts.submitted.DLT", "posts.rendered"), letter("posts.submitted.DLT", ""))) {
			assertThatExceptionOfType(RedriveRefusedException.class).isThrownBy(() -> RedriveTargets.targetOf(letter))
				.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(RedriveRefusedException.Reason.INCONSISTENT))
				.withMessageStartingWith("The dead letter at posts.submitted.DLT/0/7 is not re-driven: its "
						+ "kafka_dlt-original-topic header names");
		}
	}

	@Test
	void aLetterOfATopicNotRedrivableIsRefusedWhateverItsHeaderSays() {
		assertThatExceptionOfType(RedriveRefusedException.class)
			.isThrownBy(() -> RedriveTargets.targetOf(letter("ingest.state.DLT", "posts.submitted")))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(RedriveRefusedException.Reason.NOT_REDRIVABLE))
			.withMessageContaining("ingest.state.DLT is not the dead-letter topic of a re-drivable topic");
	}

	@Test
	void aNameFromARequestIsShownWithTopicCharactersOnly() {
		assertThat(RedriveTargets.printable("a\nb\r\u001b[31m.DLT")).isEqualTo("a?b???31m.DLT");
	}

	private static ConsumerRecord<byte[], byte[]> letter(String topic, String... originalTopics) {
		ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>(topic, 0, 7, new byte[0], new byte[0]);
		for (String original : originalTopics) {
			record.headers().add(KafkaHeaders.DLT_ORIGINAL_TOPIC, original.getBytes(StandardCharsets.UTF_8));
		}
		return record;
	}

}

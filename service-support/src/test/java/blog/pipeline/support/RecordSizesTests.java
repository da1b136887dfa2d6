package blog.pipeline.support;

import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.config.TopicBuilder;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

class RecordSizesTests {

	private static final DataSize DEFAULT = DataSize.parse(RecordSizes.DEFAULT_MAX_RECORD_SIZE);

	@Test
	void theDefaultHoldsTheLargestDraftWithRoomForItsPage() {
		assertThat(DEFAULT.toBytes()).isEqualTo(8L * 1024 * 1024);
	}

	@Test
	void topicsTakeTheLimitAndDeadLetterTopicsTwiceIt() {
		NewTopic topic = RecordSizes.topic(TopicBuilder.name("t"), DEFAULT).build();
		NewTopic deadLetters = RecordSizes.deadLetterTopic(TopicBuilder.name("t.DLT"), DEFAULT).build();

		assertThat(topic.configs()).containsEntry("max.message.bytes", "8388608");
		assertThat(deadLetters.configs()).containsEntry("max.message.bytes", "16777216");
	}

	@Test
	void producersSendAnyDeadLetterAndCompress() {
		assertThat(RecordSizes.producerSettings(DEFAULT)).containsEntry("max.request.size", 16_777_216)
			.containsEntry("compression.type", "zstd");
	}

}

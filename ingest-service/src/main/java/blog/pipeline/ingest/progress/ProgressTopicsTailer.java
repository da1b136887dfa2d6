package blog.pipeline.ingest.progress;

import blog.pipeline.ingest.system.TailingComponent;
import blog.pipeline.ingest.system.TopicTailer;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;

/**
 * Follows the render and publish topics and their dead-letter topics from the beginning, on every instance (no
 * consumer group), so each instance can tell any post's status.
 */
@Component
class ProgressTopicsTailer implements TailingComponent {

	private final TopicTailer tailer;

	ProgressTopicsTailer(PipelineProgress progress, KafkaProperties kafka) {
		this.tailer = new TopicTailer("ingest-progress-reader", kafka.buildConsumerProperties(),
				PipelineProgress.TOPICS, progress::record, () -> {
				}).inBatches();
	}

	@Override
	public TopicTailer tailer() {
		return this.tailer;
	}

}

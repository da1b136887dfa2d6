package blog.pipeline.ingest.state;

import java.util.List;

import blog.pipeline.ingest.system.TopicTailer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Reads the whole {@link StateTopic} into the {@link PostStateStore} at start-up and keeps following it, so this
 * instance also sees what other ingest instances write. The store becomes ready once the topic was read up to the end
 * it had at start; until then writes are refused with 503 rather than decided on a partial view.
 */
@Component
class StateTopicTailer implements SmartLifecycle {

	private final TopicTailer tailer;

	StateTopicTailer(PostStateStore store, KafkaProperties kafka) {
		JsonMapper json = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
		this.tailer = new TopicTailer("ingest-state-reader", kafka.buildConsumerProperties(),
				List.of(StateTopic.NAME), (record) -> apply(store, json, record), store::markReady);
	}

	private static void apply(PostStateStore store, JsonMapper json, ConsumerRecord<String, byte[]> record) {
		byte[] value = record.value();
		StateRecord state = (value != null) ? json.readValue(value, StateRecord.class) : null;
		store.apply(record.key(), state, record.offset());
	}

	@Override
	public void start() {
		this.tailer.start();
	}

	@Override
	public void stop() {
		this.tailer.stop();
	}

	@Override
	public boolean isRunning() {
		return this.tailer.isRunning();
	}

}

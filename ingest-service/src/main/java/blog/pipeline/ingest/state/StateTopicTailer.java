package blog.pipeline.ingest.state;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import blog.pipeline.ingest.system.IngestProperties;
import blog.pipeline.ingest.system.TailingComponent;
import blog.pipeline.ingest.system.TopicTailer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
class StateTopicTailer implements TailingComponent {

	private static final Logger log = LoggerFactory.getLogger(StateTopicTailer.class);

	private final TopicTailer tailer;

	private final PostStateStore store;

	private final Duration startupWait;

	StateTopicTailer(PostStateStore store, KafkaProperties kafka, IngestProperties properties) {
		this.store = store;
		this.startupWait = properties.stateStartupWait();
		JsonMapper json = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
		this.tailer = new TopicTailer("ingest-state-reader", kafka.buildConsumerProperties(),
				List.of(StateTopic.NAME), (record) -> apply(store, json, record), store::markReady);
	}

	private static void apply(PostStateStore store, JsonMapper json, ConsumerRecord<String, byte[]> record) {
		if (store.holds(record.key(), record.offset())) {
			return; // this instance's own write, applied when its transaction committed
		}
		byte[] value = record.value();
		StateRecord state = (value != null) ? json.readValue(value, StateRecord.class) : null;
		store.apply(record.key(), state, record.offset());
	}

	/** Waits until the store holds every record before these offsets of the state topic; tells whether it does. */
	boolean awaitPositions(Map<TopicPartition, Long> offsets, Duration timeout) {
		return this.tailer.awaitPositions(offsets, timeout);
	}

	@Override
	public void start() {
		this.tailer.start();
		// Start taking requests with the state read back, if Kafka lets us within the wait; else answer 503 until then.
		if (!this.store.awaitReady(this.startupWait)) {
			log.warn("State topic not read back within {}; changes are refused with 503 until it is",
					this.startupWait);
		}
	}

	@Override
	public int getPhase() {
		// Before the web server starts taking requests.
		return SmartLifecycle.DEFAULT_PHASE - 2048;
	}

	@Override
	public TopicTailer tailer() {
		return this.tailer;
	}

}

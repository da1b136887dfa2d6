package blog.pipeline.ingest.ops;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import blog.pipeline.ingest.system.TailingComponent;
import blog.pipeline.ingest.system.TopicTailer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;

/**
 * The dead letters already re-driven, remembered in a compacted topic ({@link #TOPIC}, keyed by the dead letter's
 * {@link Position}) so that neither a restart nor another ingest instance re-drives one twice. Every instance follows
 * the topic from its beginning for the list of pending letters (until it has read it up to its end, the list is
 * refused); a re-drive itself decides on the topic as {@link Redriver} reads it after fencing the other instances.
 */
@Component
class RedriveLog implements TailingComponent {

	/** Ingest-internal, compacted; values are {@link Redriven} as JSON. */
	static final String TOPIC = "ingest.ops.redriven";

	/** One re-drive: when, and to which topic. */
	record Redriven(Instant at, String topic) {

	}

	private final Map<String, Redriven> redriven = new ConcurrentHashMap<>();

	private final JsonMapper json = JsonMapper.builder().build();

	private final TopicTailer tailer;

	private volatile boolean ready;

	RedriveLog(KafkaProperties kafka) {
		this.tailer = new TopicTailer("ingest-redrive-log-reader", kafka.buildConsumerProperties(),
				List.of(TOPIC), this::apply, () -> this.ready = true);
	}

	boolean isReady() {
		return this.ready;
	}

	Optional<Redriven> of(Position position) {
		return Optional.ofNullable(this.redriven.get(position.key()));
	}

	byte[] serialize(Redriven redriven) {
		return this.json.writeValueAsBytes(redriven);
	}

	Redriven deserialize(byte[] value) {
		return this.json.readValue(value, Redriven.class);
	}

	/** Takes a re-drive this instance just committed into account, before the tailer reads it back. */
	void remember(Position position, Redriven redriven) {
		this.redriven.put(position.key(), redriven);
	}

	private void apply(ConsumerRecord<String, byte @Nullable []> record) {
		byte[] value = record.value();
		if (record.key() != null && value != null) {
			this.redriven.put(record.key(), deserialize(value));
		}
	}

	@Override
	public TopicTailer tailer() {
		return this.tailer;
	}

}

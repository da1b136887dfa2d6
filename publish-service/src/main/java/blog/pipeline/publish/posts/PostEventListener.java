package blog.pipeline.publish.posts;

import java.util.ArrayList;
import java.util.List;

import blog.pipeline.events.PostEvent;
import blog.pipeline.events.ReplayHeader;
import blog.pipeline.events.Topics;
import blog.pipeline.publish.tracing.RecordTraces;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.stereotype.Component;

/**
 * Consumes {@link Topics#POSTS_RENDERED} in batches and hands them to the {@link BatchPublisher}.
 * <p>
 * Failures are reported to the error handler as a {@link BatchListenerFailedException} naming a record:
 * <ul>
 * <li>a record that can never be published (unreadable, unsupported schema, invalid) is named after the records
 * before it were published, so their offsets are committed and it goes straight to the dead-letter topic;</li>
 * <li>when publishing fails (the bucket or Kafka is unavailable) the first record of the batch is named and the whole
 * batch is retried, without limit while the failure is transient; nothing was committed and every step is
 * idempotent.</li>
 * </ul>
 */
@Component
class PostEventListener {

	private static final Logger log = LoggerFactory.getLogger(PostEventListener.class);

	private final BatchPublisher publisher;

	private final RecordTraces traces;

	private final Counter failedBatches;

	PostEventListener(BatchPublisher publisher, RecordTraces traces, MeterRegistry meters) {
		this.publisher = publisher;
		this.traces = traces;
		this.failedBatches = Counter.builder("pipeline.publish.failed.batches")
			.description("Batches whose publishing failed and will be retried")
			.register(meters);
	}

	// Each partition has one consumer in the group; its posts' state is in the same catalog partition.
	@KafkaListener(id = "publish-posts", idIsGroup = false, topics = Topics.POSTS_RENDERED, batch = "true")
	void onBatch(List<ConsumerRecord<String, @Nullable PostEvent>> records) {
		try (RecordTraces.Batch traces = this.traces.batch("posts")) {
			try {
				onBatch(records, traces);
			}
			catch (RuntimeException ex) {
				traces.error(ex);
				throw ex;
			}
		}
	}

	private void onBatch(List<ConsumerRecord<String, @Nullable PostEvent>> records, RecordTraces.Batch traces) {
		List<BatchPublisher.Incoming> events = new ArrayList<>(records.size());
		for (ConsumerRecord<String, @Nullable PostEvent> record : records) {
			Observation observation = traces.start(record);
			try {
				Header replay = record.headers().lastHeader(ReplayHeader.NAME);
				events.add(new BatchPublisher.Incoming(record.partition(), record.offset(),
						PostEventValidator.validate(record), observation,
						(replay != null) ? ReplayHeader.decode(replay.value()) : null));
			}
			catch (InvalidPostEventException | DeserializationException ex) {
				publish(events, records);
				try (Observation.Scope scope = observation.openScope();
						MDC.MDCCloseable postId = MDC.putCloseable("postId", record.key())) {
					log.warn("Dead-lettering {}: {}", KafkaUtils.format(record), ex.getMessage());
				}
				throw new BatchListenerFailedException("Cannot publish " + KafkaUtils.format(record), ex, record);
			}
		}
		publish(events, records);
	}

	private void publish(List<BatchPublisher.Incoming> events, List<ConsumerRecord<String, @Nullable PostEvent>> records) {
		if (events.isEmpty()) {
			return;
		}
		try {
			this.publisher.publish(events);
		}
		catch (RuntimeException ex) {
			this.failedBatches.increment();
			ConsumerRecord<String, @Nullable PostEvent> first = records.get(0);
			log.warn("Publishing {} events from {} failed, the batch will be retried: {}", events.size(),
					KafkaUtils.format(first), NestedExceptionUtils.getMostSpecificCause(ex).toString());
			throw new BatchListenerFailedException("Could not publish " + events.size() + " events; retrying from "
					+ KafkaUtils.format(first), ex, first);
		}
	}

}

package blog.pipeline.publish.tracing;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;
import org.springframework.stereotype.Component;

/**
 * Observes the records of a batch one by one. Spring Kafka observes record listeners, not batch listeners, and the
 * publish stages coalesce batches, so each stage starts an observation per record itself: its context reads the
 * record's headers, so the tracing handler continues the trace of the record's {@code traceparent}, and the stage
 * does the record's own work (its post page, its announcement) and sends on its behalf in that observation's scope.
 * Observations are timed as {@code pipeline.publish.record{stage}}.
 */
@Component
public class RecordTraces {

	private static final String NAME = "pipeline.publish.record";

	private final ObservationRegistry registry;

	RecordTraces(ObservationRegistry registry) {
		this.registry = registry;
	}

	/** A new batch of the {@code stage}; closing it stops the observations of its records. */
	public Batch batch(String stage) {
		return new Batch(stage);
	}

	/** The observations of one batch's records. */
	public final class Batch implements AutoCloseable {

		private final String stage;

		private final List<Observation> started = new ArrayList<>();

		private Batch(String stage) {
			this.stage = stage;
		}

		/** Starts the observation of {@code record}, a child of the trace in its headers, if any. */
		public Observation start(ConsumerRecord<?, ?> record) {
			Observation observation = Observation
				.createNotStarted(NAME, () -> new KafkaRecordReceiverContext(record, this.stage, () -> null),
						RecordTraces.this.registry)
				.contextualName(record.topic() + " process")
				.lowCardinalityKeyValue("stage", this.stage)
				.start();
			this.started.add(observation);
			return observation;
		}

		/** Marks every record of the batch as failed. */
		public void error(Throwable failure) {
			this.started.forEach((observation) -> observation.error(failure));
		}

		@Override
		public void close() {
			this.started.forEach(Observation::stop);
			this.started.clear();
		}

	}

}

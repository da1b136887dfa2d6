package blog.pipeline.render.system;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.listener.RetryListener;

/**
 * Counts {@code pipeline.dead.letters{topic}}: each record sent to a dead-letter topic, tagged with the topic it was
 * read from.
 */
class DeadLetterCounter implements RetryListener {

	static final String METER = "pipeline.dead.letters";

	private final MeterRegistry meters;

	DeadLetterCounter(MeterRegistry meters) {
		this.meters = meters;
	}

	@Override
	public void failedDelivery(ConsumerRecord<?, ?> record, Exception ex, int deliveryAttempt) {
	}

	@Override
	public void recovered(ConsumerRecord<?, ?> record, Exception ex) {
		Counter.builder(METER)
			.description("Records sent to a dead-letter topic, by the topic they were read from")
			.tag("topic", record.topic())
			.register(this.meters)
			.increment();
	}

}

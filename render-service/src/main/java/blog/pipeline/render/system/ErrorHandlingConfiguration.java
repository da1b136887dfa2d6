package blog.pipeline.render.system;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.errors.RecordTooLargeException;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;

/**
 * Failure handling for the batch listeners, which process each poll at least once: a poll's output is sent and
 * acknowledged before its offsets are committed. A record that is bad in itself is dead-lettered by the listener at
 * once, without retries. For any other failure the listener names the record ({@code BatchListenerFailedException})
 * and Spring Kafka's {@link DefaultErrorHandler} commits the offsets of the records before it, waits out a bounded
 * exponential backoff and has the rest of the poll read again; once the retries are spent (at once for a page too
 * large for any record) it dead-letters the record, commits past it and goes on with the next, so the partition
 * moves on. Records after the failed one whose output was already sent are sent again: a repeated version, which
 * publish skips.
 */
@Configuration(proxyBeanMethods = false)
class ErrorHandlingConfiguration {

	@Bean
	DeadLetterPublishing deadLetterPublishing(KafkaTemplate<?, ?> kafkaTemplate) {
		return new DeadLetterPublishing(kafkaTemplate);
	}

	/** Publishes a record to its dead-letter topic, then logs and counts it. */
	@Bean
	ConsumerRecordRecoverer deadLetterRecoverer(DeadLetterPublishing deadLetters, MeterRegistry meters) {
		FailedRecordLogger logger = new FailedRecordLogger();
		DeadLetterCounter counter = new DeadLetterCounter(meters);
		return (record, exception) -> {
			deadLetters.recoverer().accept(record, exception);
			logger.recovered(record, exception);
			counter.recovered(record, exception);
		};
	}

	/**
	 * The listener containers' commits (Boot applies one customizer):
	 * <ul>
	 * <li>Offsets are committed without waiting for the broker, so the next poll does not wait a round trip behind
	 * the commit, and once per {@code spring.kafka.listener.ack-time} (application.yml), not after every poll. A
	 * commit that fails or is lost, or did not come yet (a rebalance, a crash), only has those records rendered again,
	 * as after any crash.</li>
	 * <li>Ingest writes {@code posts.submitted} in transactions, so a partition ends with a commit marker after the
	 * last record; the committed offset (last record + 1) would leave a lag of 1 for good. The containers commit the
	 * position past the marker before their next poll instead. Spring Kafka does so after every commit, and again
	 * after each poll that moved the position since (markers or not): under a steady stream of edits that is a few
	 * commits a second on top of the timed ones (BENCHMARKS.md, session 9).</li>
	 * </ul>
	 */
	@Bean
	ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> listenerCommits() {
		return (container) -> {
			container.getContainerProperties().setSyncCommits(false);
			container.getContainerProperties().setFixTxOffsets(true);
		};
	}

	/** Picked up by Boot for the listener containers. */
	@Bean
	DefaultErrorHandler kafkaErrorHandler(ConsumerRecordRecoverer deadLetterRecoverer, RetryProperties retry) {
		ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(retry.maxRetries());
		backOff.setInitialInterval(retry.initialInterval().toMillis());
		backOff.setMultiplier(retry.multiplier());
		backOff.setMaxInterval(retry.maxInterval().toMillis());
		DefaultErrorHandler handler = new DefaultErrorHandler(deadLetterRecoverer, backOff);
		// a page too large for any record would be too large again
		handler.addNotRetryableExceptions(RecordTooLargeException.class);
		// each failed attempt is logged; the recoverer logs where the record ended
		handler.setRetryListeners(new FailedRecordLogger()::failedDelivery);
		return handler;
	}

}

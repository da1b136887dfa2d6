package blog.pipeline.render.system;

import blog.pipeline.render.posts.FailedRecords;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.AfterRollbackProcessor;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;

/**
 * Failure handling for the transactional batch listeners. Each poll is processed in one Kafka transaction (Spring
 * Boot starts one per batch because {@code spring.kafka.producer.transaction-id-prefix} is set, and sends the
 * batch's offsets to it), so a failure rolls back everything the batch produced. A record that is bad in itself is
 * dead-lettered by the listener inside the batch's transaction, without retries; for any other failure the
 * {@link BatchAfterRollbackProcessor} has the batch read again with bounded exponential backoff and, once the
 * retries are spent, has the record dead-lettered in the next attempt's transaction, so the partition moves on.
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

	@Bean
	AfterRollbackProcessor<Object, Object> afterRollbackProcessor(FailedRecords failures, RetryProperties retry) {
		ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(retry.maxRetries());
		backOff.setInitialInterval(retry.initialInterval().toMillis());
		backOff.setMultiplier(retry.multiplier());
		backOff.setMaxInterval(retry.maxInterval().toMillis());
		return new BatchAfterRollbackProcessor(failures, backOff, new FailedRecordLogger());
	}

}

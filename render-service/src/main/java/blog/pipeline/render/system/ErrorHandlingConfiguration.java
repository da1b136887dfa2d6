package blog.pipeline.render.system;

import blog.pipeline.render.page.PageRenderingException;
import blog.pipeline.render.posts.InvalidDraftException;
import blog.pipeline.render.posts.UnsupportedEventException;
import blog.pipeline.render.posts.UnsupportedSchemaVersionException;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.errors.RecordTooLargeException;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DefaultAfterRollbackProcessor;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;

/**
 * Failure handling for the transactional listener container. Each record is processed in a Kafka transaction
 * (Spring Boot starts one per record because {@code spring.kafka.producer.transaction-id-prefix} is set, and sends
 * the consumed offset to it), so a failure rolls back everything the record produced. The after-rollback processor
 * then plays the part a {@code DefaultErrorHandler} plays without transactions: it redelivers the record with bounded
 * exponential backoff and, once retries are spent, publishes it to its dead-letter topic and commits its offset in
 * one new transaction, so the partition moves on. Failures that would repeat identically (undeserializable bytes,
 * unsupported schema version or event type, a draft that cannot be rendered, a page larger than any record may be)
 * skip the retries.
 */
@Configuration(proxyBeanMethods = false)
class ErrorHandlingConfiguration {

	@Bean
	DeadLetterPublishing deadLetterPublishing(KafkaTemplate<?, ?> kafkaTemplate) {
		return new DeadLetterPublishing(kafkaTemplate);
	}

	@Bean
	DefaultAfterRollbackProcessor<Object, Object> afterRollbackProcessor(DeadLetterPublishing deadLetters,
			KafkaTemplate<?, ?> kafkaTemplate, RetryProperties retry, MeterRegistry meters) {
		ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(retry.maxRetries());
		backOff.setInitialInterval(retry.initialInterval().toMillis());
		backOff.setMultiplier(retry.multiplier());
		backOff.setMaxInterval(retry.maxInterval().toMillis());
		// commitRecovered: the dead letter and the offset of the record it replaces commit together
		DefaultAfterRollbackProcessor<Object, Object> processor = new DefaultAfterRollbackProcessor<>(
				deadLetters.recoverer(), backOff, kafkaTemplate, true);
		// DeserializationException and other conversion failures are not retryable by default
		processor.addNotRetryableExceptions(UnsupportedSchemaVersionException.class, UnsupportedEventException.class,
				InvalidDraftException.class, PageRenderingException.class, RecordTooLargeException.class);
		processor.setRetryListeners(new FailedRecordLogger(), new DeadLetterCounter(meters));
		return processor;
	}

}

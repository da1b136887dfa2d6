package blog.pipeline.render.system;

import blog.pipeline.render.page.PageRenderingException;
import blog.pipeline.render.posts.InvalidDraftException;
import blog.pipeline.render.posts.UnsupportedEventException;
import blog.pipeline.render.posts.UnsupportedSchemaVersionException;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;

/**
 * One error handler for the listener container (Spring Boot applies this bean to it): retries a failed record with
 * bounded exponential backoff, then publishes it to its dead-letter topic so the partition moves on. Failures that
 * would repeat identically (undeserializable bytes, unsupported schema version or event type, a draft that cannot be
 * rendered) skip the retries.
 */
@Configuration(proxyBeanMethods = false)
class ErrorHandlingConfiguration {

	@Bean
	DeadLetterPublishing deadLetterPublishing(KafkaTemplate<?, ?> kafkaTemplate) {
		return new DeadLetterPublishing(kafkaTemplate);
	}

	@Bean
	DefaultErrorHandler errorHandler(DeadLetterPublishing deadLetters, RetryProperties retry) {
		ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(retry.maxRetries());
		backOff.setInitialInterval(retry.initialInterval().toMillis());
		backOff.setMultiplier(retry.multiplier());
		backOff.setMaxInterval(retry.maxInterval().toMillis());
		DefaultErrorHandler handler = new DefaultErrorHandler(deadLetters.recoverer(), backOff);
		// DeserializationException and other conversion failures are not retryable by default
		handler.addNotRetryableExceptions(UnsupportedSchemaVersionException.class, UnsupportedEventException.class,
				InvalidDraftException.class, PageRenderingException.class);
		handler.setRetryListeners(new FailedRecordLogger());
		return handler;
	}

}

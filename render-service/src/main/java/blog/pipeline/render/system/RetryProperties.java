package blog.pipeline.render.system;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Bounded exponential backoff for records whose processing failed for a reason that may pass (Kafka unavailable);
 * after {@code maxRetries} the record goes to the dead-letter topic.
 */
@ConfigurationProperties("pipeline.retry")
record RetryProperties(@DefaultValue("500ms") Duration initialInterval, @DefaultValue("2.0") double multiplier,
		@DefaultValue("10s") Duration maxInterval, @DefaultValue("8") int maxRetries) {
}

package blog.pipeline.publish.system;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a failed batch is retried: exponentially from {@code initialInterval} up to {@code maxInterval}. Transient
 * failures (the bucket or Kafka unavailable) are retried without limit; any other failure {@code attempts} times, then
 * the record goes to the dead-letter topic.
 */
@ConfigurationProperties("pipeline.retry")
record RetryProperties(@DefaultValue("1s") Duration initialInterval, @DefaultValue("2.0") double multiplier,
		@DefaultValue("30s") Duration maxInterval, @DefaultValue("4") int attempts) {

}

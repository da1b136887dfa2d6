package blog.pipeline.ingest.system;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the editors' API.
 *
 * @param sendTimeout how long a request waits for Kafka to acknowledge a post before it answers 503
 * @param retryAfter what a 503 answer tells the client to wait before retrying
 * @param idempotencyTtl how long an {@code Idempotency-Key} is honoured after its first answer
 * @param overdueAfter how late a scheduled post may be before it counts as overdue in metrics
 * @param maxRequestSize the largest request body the API reads; larger ones are answered 413
 * @param stateStartupWait how long start-up waits for the state topic to be read back before it takes requests
 * anyway (answering changes 503 until the state is read)
 */
@ConfigurationProperties("pipeline.ingest")
public record IngestProperties(@DefaultValue("5s") Duration sendTimeout, @DefaultValue("5s") Duration retryAfter,
		@DefaultValue("24h") Duration idempotencyTtl, @DefaultValue("1m") Duration overdueAfter,
		@DefaultValue("2MB") DataSize maxRequestSize, @DefaultValue("30s") Duration stateStartupWait) {

}

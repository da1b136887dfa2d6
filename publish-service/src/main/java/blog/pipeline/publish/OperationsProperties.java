package blog.pipeline.publish;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the service watches its infrastructure and prepares it.
 *
 * @param probeTimeout how long a health probe waits for the broker ({@code describeCluster}) or the bucket
 * ({@code headBucket}) before it reports it down
 * @param lagInterval how often the consumer lag gauges are refreshed
 * @param setupRetryInitial the first wait before retrying a startup task that failed (creating the topics, the bucket,
 * uploading the stylesheet and {@code 404.html}) because the broker or the bucket was unreachable
 * @param setupRetryMax the longest wait between two attempts of a startup task
 */
@ConfigurationProperties("pipeline.operations")
public record OperationsProperties(@DefaultValue("2s") Duration probeTimeout, @DefaultValue("10s") Duration lagInterval,
		@DefaultValue("1s") Duration setupRetryInitial, @DefaultValue("30s") Duration setupRetryMax) {

}

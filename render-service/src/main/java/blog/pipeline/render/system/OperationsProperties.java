package blog.pipeline.render.system;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Operations settings.
 *
 * @param probeTimeout how long the Kafka health probe and the lag reader wait for the broker
 * @param lagInterval how often the consumer lag gauges are refreshed
 */
@ConfigurationProperties("pipeline.operations")
record OperationsProperties(@DefaultValue("2s") Duration probeTimeout, @DefaultValue("10s") Duration lagInterval) {
}

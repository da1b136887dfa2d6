package blog.pipeline.support;

import java.time.Duration;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * A {@code kafka} health contributor for the readiness group, not for liveness: up when the broker answers
 * {@code describeCluster} within the timeout, down otherwise. A broker outage makes an instance unready, never
 * restarted: its clients reconnect by themselves when the broker is back.
 */
public class KafkaHealthIndicator implements HealthIndicator {

	private final BrokerAdmin broker;

	private final Duration timeout;

	public KafkaHealthIndicator(BrokerAdmin broker, Duration timeout) {
		this.broker = broker;
		this.timeout = timeout;
	}

	@Override
	public Health health() {
		try {
			return Health.up().withDetail("clusterId", this.broker.clusterId(this.timeout)).build();
		}
		catch (BrokerUnavailableException ex) {
			return Health.down(ex).build();
		}
	}

}

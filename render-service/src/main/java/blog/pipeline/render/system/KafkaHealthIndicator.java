package blog.pipeline.render.system;

import blog.pipeline.support.BrokerAdmin;
import blog.pipeline.support.BrokerUnavailableException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The {@code kafka} health contributor (part of readiness, not of liveness): up when the broker answers
 * {@code describeCluster} within the probe timeout, down otherwise. A broker outage makes the instance unready, never
 * restarted: the listener reconnects by itself when the broker is back.
 */
@Component("kafkaHealthIndicator")
class KafkaHealthIndicator implements HealthIndicator {

	private final BrokerAdmin broker;

	private final OperationsProperties operations;

	KafkaHealthIndicator(BrokerAdmin broker, OperationsProperties operations) {
		this.broker = broker;
		this.operations = operations;
	}

	@Override
	public Health health() {
		try {
			return Health.up().withDetail("clusterId", this.broker.clusterId(this.operations.probeTimeout())).build();
		}
		catch (BrokerUnavailableException ex) {
			return Health.down(ex).build();
		}
	}

}

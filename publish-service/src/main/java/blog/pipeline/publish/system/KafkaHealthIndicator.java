package blog.pipeline.publish.system;

import blog.pipeline.support.BrokerAdmin;
import blog.pipeline.support.BrokerUnavailableException;
import blog.pipeline.publish.OperationsProperties;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The {@code kafka} health contributor (part of readiness): up when the broker answers {@code describeCluster} within
 * the probe timeout and this service's topics exist; down otherwise.
 */
@Component("kafkaHealthIndicator")
class KafkaHealthIndicator implements HealthIndicator {

	private final BrokerAdmin broker;

	private final TopicSetup topics;

	private final OperationsProperties operations;

	KafkaHealthIndicator(BrokerAdmin broker, TopicSetup topics, OperationsProperties operations) {
		this.broker = broker;
		this.topics = topics;
		this.operations = operations;
	}

	@Override
	public Health health() {
		String clusterId;
		try {
			clusterId = this.broker.clusterId(this.operations.probeTimeout());
		}
		catch (BrokerUnavailableException ex) {
			return Health.down(ex).build();
		}
		boolean topics = this.topics.isDone();
		return (topics ? Health.up() : Health.down()).withDetail("clusterId", clusterId)
			.withDetail("topics", topics ? "created" : "pending")
			.build();
	}

}

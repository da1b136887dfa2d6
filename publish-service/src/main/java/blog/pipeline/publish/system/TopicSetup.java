package blog.pipeline.publish.system;

import blog.pipeline.publish.OperationsProperties;
import blog.pipeline.publish.SetupStep;
import blog.pipeline.support.BrokerAdmin;

import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * Creates the topics this service declares ({@code NewTopic} beans) once the broker answers: at startup, before the
 * listeners start, if it does; otherwise in the background with capped backoff, so the application starts without a
 * broker (Boot's own creation at startup is switched off with {@code spring.kafka.admin.auto-create=false}). The
 * Kafka health, and so readiness, stays down until the topics exist.
 */
@Component
class TopicSetup extends SetupStep {

	private final KafkaAdmin kafkaAdmin;

	private final BrokerAdmin broker;

	private final OperationsProperties operations;

	TopicSetup(KafkaAdmin kafkaAdmin, BrokerAdmin broker, OperationsProperties operations) {
		super("Creating topics", operations);
		this.kafkaAdmin = kafkaAdmin;
		this.broker = broker;
		this.operations = operations;
	}

	@Override
	protected void perform() {
		// a quick probe first: KafkaAdmin waits its whole operation timeout for an absent broker
		this.broker.clusterId(this.operations.probeTimeout());
		if (!this.kafkaAdmin.initialize()) {
			throw new TopicSetupException("Could not create or check the topics (see the KafkaAdmin error above)");
		}
	}

}

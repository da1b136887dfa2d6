package blog.pipeline.publish.system;

import blog.pipeline.support.BrokerAdmin;
import blog.pipeline.publish.BackgroundRetry;
import blog.pipeline.publish.OperationsProperties;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * Creates the topics this service declares ({@code NewTopic} beans) once the broker answers: at startup, before the
 * listeners start, if it does; otherwise in the background with capped backoff, so the application starts without a
 * broker (Boot's own creation at startup is switched off with {@code spring.kafka.admin.auto-create=false}). The
 * Kafka health, and so readiness, stays down until the topics exist.
 */
@Component
class TopicSetup implements SmartLifecycle {

	private final KafkaAdmin kafkaAdmin;

	private final BrokerAdmin broker;

	private final OperationsProperties operations;

	private volatile @Nullable BackgroundRetry setup;

	TopicSetup(KafkaAdmin kafkaAdmin, BrokerAdmin broker, OperationsProperties operations) {
		this.kafkaAdmin = kafkaAdmin;
		this.broker = broker;
		this.operations = operations;
	}

	@Override
	public void start() {
		this.setup = BackgroundRetry.start("Creating topics", this::createTopics, this.operations.setupRetryInitial(),
				this.operations.setupRetryMax());
	}

	private void createTopics() {
		// a quick probe first: KafkaAdmin waits its whole operation timeout for an absent broker
		this.broker.clusterId(this.operations.probeTimeout());
		if (!this.kafkaAdmin.initialize()) {
			throw new TopicSetupException("Could not create or check the topics (see the KafkaAdmin error above)");
		}
	}

	/** Whether the topics exist. */
	boolean isDone() {
		BackgroundRetry setup = this.setup;
		return setup != null && setup.isDone();
	}

	@Override
	public void stop() {
		BackgroundRetry setup = this.setup;
		if (setup != null) {
			setup.close();
		}
		this.setup = null;
	}

	@Override
	public boolean isRunning() {
		return this.setup != null;
	}

	@Override
	public int getPhase() {
		// before the listener containers
		return AbstractMessageListenerContainer.DEFAULT_PHASE - 100;
	}

}

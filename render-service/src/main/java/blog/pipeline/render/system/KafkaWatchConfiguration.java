package blog.pipeline.render.system;

import blog.pipeline.support.BrokerAdmin;
import blog.pipeline.support.ConsumerLag;
import blog.pipeline.support.KafkaHealthIndicator;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;

/**
 * The bounded admin client, the {@code kafka} readiness contributor it answers, and the consumer-lag gauges of this
 * service's groups, which read 0 once a group has read everything.
 */
@Configuration(proxyBeanMethods = false)
class KafkaWatchConfiguration {

	@Bean
	BrokerAdmin brokerAdmin(KafkaAdmin kafkaAdmin) {
		return new BrokerAdmin(kafkaAdmin);
	}

	@Bean
	KafkaHealthIndicator kafkaHealthIndicator(BrokerAdmin broker, OperationsProperties operations) {
		return new KafkaHealthIndicator(broker, operations.probeTimeout());
	}

	/**
	 * Ingest writes {@code posts.submitted} in transactions, so a partition ends with a commit marker after the last
	 * record; the committed offset (last record + 1) would leave a lag of 1 for good. The containers commit the
	 * position past the marker before their next poll instead.
	 */
	@Bean
	ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> offsetsPastCommitMarkers() {
		return (container) -> container.getContainerProperties().setFixTxOffsets(true);
	}

	@Bean
	ConsumerLag consumerLag(KafkaListenerEndpointRegistry containers, BrokerAdmin broker,
			OperationsProperties operations, MeterRegistry meters) {
		return new ConsumerLag(containers, broker, operations.probeTimeout(), operations.lagInterval(), meters);
	}

}

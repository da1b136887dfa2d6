package blog.pipeline.render.system;

import blog.pipeline.support.BrokerAdmin;
import blog.pipeline.support.ConsumerLag;
import blog.pipeline.support.KafkaHealthIndicator;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The bounded admin client, the {@code kafka} readiness contributor it answers, and the consumer-lag gauges of this
 * service's groups, which read 0 once a group has read everything (the containers commit past the commit markers
 * ingest's transactions end its partitions with, {@link ErrorHandlingConfiguration#listenerCommits}).
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

	@Bean
	ConsumerLag consumerLag(KafkaListenerEndpointRegistry containers, BrokerAdmin broker,
			OperationsProperties operations, MeterRegistry meters) {
		return new ConsumerLag(containers, broker, operations.probeTimeout(), operations.lagInterval(), meters);
	}

}

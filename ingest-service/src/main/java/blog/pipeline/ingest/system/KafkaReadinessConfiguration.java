package blog.pipeline.ingest.system;

import java.time.Duration;

import blog.pipeline.support.BrokerAdmin;
import blog.pipeline.support.KafkaHealthIndicator;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The {@code kafka} readiness contributor: while the broker does not answer, the instance is taken out of rotation
 * (it would answer 503 anyway) but never restarted. Ingest reads its topics without a consumer group, so it has no
 * group lag to report.
 */
@Configuration(proxyBeanMethods = false)
class KafkaReadinessConfiguration {

	@Bean
	BrokerAdmin brokerAdmin(KafkaAdmin kafkaAdmin) {
		return new BrokerAdmin(kafkaAdmin);
	}

	@Bean
	KafkaHealthIndicator kafkaHealthIndicator(BrokerAdmin broker,
			@Value("${pipeline.operations.probe-timeout:2s}") Duration probeTimeout) {
		return new KafkaHealthIndicator(broker, probeTimeout);
	}

}

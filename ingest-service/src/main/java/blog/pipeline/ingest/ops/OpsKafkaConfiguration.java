package blog.pipeline.ingest.ops;

import java.util.Map;

import blog.pipeline.ingest.system.TopicsProperties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;

/** The re-drive log's topic, and the byte-for-byte producer that re-drives dead letters. */
@Configuration(proxyBeanMethods = false)
class OpsKafkaConfiguration {

	@Bean
	KafkaAdmin.NewTopics opsTopics(TopicsProperties topics) {
		return new KafkaAdmin.NewTopics(TopicBuilder.name(RedriveLog.TOPIC)
			.partitions(1)
			.replicas(topics.replicas())
			.compact()
			.build());
	}

	/**
	 * Re-sends records exactly as they were (bytes in, bytes out), in transactions of its own (own transactional id
	 * prefix, so it never fences the service's producers), so a re-drive and its mark in the re-drive log commit
	 * together or not at all.
	 */
	@Bean
	RedriveTemplate redriveTemplate(ProducerFactory<?, ?> producers) {
		ProducerFactory<?, ?> bytes = producers.copyWithConfigurationOverride(
				Map.of(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
						ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
		String prefix = producers.getTransactionIdPrefix();
		if (prefix != null && bytes instanceof DefaultKafkaProducerFactory<?, ?> factory) {
			factory.setTransactionIdPrefix(prefix + "ops-redrive-");
		}
		@SuppressWarnings("unchecked")
		ProducerFactory<byte[], byte[]> typed = (ProducerFactory<byte[], byte[]>) bytes;
		return new RedriveTemplate(typed);
	}

	/**
	 * The template {@link Redriver} sends with; a type of its own so it is never taken for the service's template,
	 * and closes its producers with the context.
	 */
	static final class RedriveTemplate implements DisposableBean {

		private final ProducerFactory<byte[], byte[]> producers;

		private final KafkaTemplate<byte[], byte[]> template;

		RedriveTemplate(ProducerFactory<byte[], byte[]> producers) {
			this.producers = producers;
			this.template = new KafkaTemplate<>(producers);
		}

		KafkaTemplate<byte[], byte[]> template() {
			return this.template;
		}

		@Override
		public void destroy() throws Exception {
			this.template.destroy();
			if (this.producers instanceof DisposableBean disposable) {
				disposable.destroy();
			}
		}

	}

}

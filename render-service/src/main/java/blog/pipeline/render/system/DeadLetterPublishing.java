package blog.pipeline.render.system;

import java.util.LinkedHashMap;
import java.util.Map;

import blog.pipeline.events.Topics;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;

/**
 * Publishes failed records to {@link Topics#deadLetterOf(String) their dead-letter topic}, same key and partition,
 * with Spring's exception headers. A record that could not be deserialized is published as its original bytes
 * (through a byte-array template that shares the application's producer settings); any other record as the event JSON
 * through the application's template.
 */
final class DeadLetterPublishing implements DisposableBean {

	private final KafkaTemplate<Object, Object> bytesTemplate;

	private final DeadLetterPublishingRecoverer recoverer;

	@SuppressWarnings("unchecked")
	DeadLetterPublishing(KafkaTemplate<?, ?> eventTemplate) {
		this.bytesTemplate = new KafkaTemplate<>(((KafkaTemplate<Object, Object>) eventTemplate).getProducerFactory(),
				Map.of(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
		Map<Class<?>, KafkaOperations<?, ?>> templates = new LinkedHashMap<>();
		templates.put(byte[].class, this.bytesTemplate);
		templates.put(Object.class, eventTemplate);
		// Spring Kafka 4 defaults to "<topic>-dlt"; the contract names dead-letter topics itself
		this.recoverer = new DeadLetterPublishingRecoverer(templates,
				(record, exception) -> new TopicPartition(Topics.deadLetterOf(record.topic()), record.partition()));
	}

	DeadLetterPublishingRecoverer recoverer() {
		return this.recoverer;
	}

	@Override
	public void destroy() {
		this.bytesTemplate.destroy();
	}

}

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
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;

/**
 * Publishes failed records to {@link Topics#deadLetterOf(String) their dead-letter topic}, same key and partition,
 * with Spring's exception headers. Any record that was read is published as the event JSON through the application's
 * template; a record that could not be deserialized is published as its original bytes through a byte-array
 * template with the application's producer settings. The recoverer waits for the broker's acknowledgement before the
 * record's offset is committed: a crash in between can dead-letter a record twice, never lose it.
 */
final class DeadLetterPublishing implements DisposableBean {

	private final ProducerFactory<Object, Object> bytesProducers;

	private final KafkaTemplate<Object, Object> bytesTemplate;

	private final DeadLetterPublishingRecoverer recoverer;

	@SuppressWarnings("unchecked")
	DeadLetterPublishing(KafkaTemplate<?, ?> eventTemplate) {
		ProducerFactory<Object, Object> events = ((KafkaTemplate<Object, Object>) eventTemplate).getProducerFactory();
		ProducerFactory<Object, Object> bytes = events
			.copyWithConfigurationOverride(Map.of(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
		this.bytesProducers = bytes;
		this.bytesTemplate = new KafkaTemplate<>(bytes);
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
	public void destroy() throws Exception {
		this.bytesTemplate.destroy();
		if (this.bytesProducers instanceof DisposableBean disposable) {
			disposable.destroy();
		}
	}

}

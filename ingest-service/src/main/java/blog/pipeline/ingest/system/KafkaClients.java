package blog.pipeline.ingest.system;

import java.util.HashMap;
import java.util.Map;

import blog.pipeline.support.RecordSizes;
import org.apache.kafka.clients.consumer.ConsumerConfig;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

/**
 * Settings for the Kafka clients this service builds itself (topic readers, the state writer, re-drives) rather than
 * through Spring's factories: Boot's settings (bootstrap servers, security, timeouts) without Spring's own keys,
 * which plain clients do not understand.
 */
public final class KafkaClients {

	private KafkaClients() {
	}

	/**
	 * Consumer settings for reading without a consumer group: the group id left out, committed records only, and
	 * nothing committed back.
	 * @param consumerProperties the service's consumer properties
	 */
	public static Map<String, Object> groupless(Map<String, Object> consumerProperties) {
		Map<String, Object> properties = new HashMap<>(consumerProperties);
		properties.keySet().removeIf((key) -> key.startsWith("spring."));
		properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
		properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		return properties;
	}

	/** {@link #groupless(Map)} from Boot's consumer settings. */
	public static Map<String, Object> groupless(KafkaProperties kafka) {
		return groupless(kafka.buildConsumerProperties());
	}

	/** Producer settings: Boot's, with the pipeline's record size limit and compression ({@link RecordSizes}). */
	public static Map<String, Object> producer(KafkaProperties kafka, TopicsProperties topics) {
		Map<String, Object> properties = new HashMap<>(kafka.buildProducerProperties());
		properties.keySet().removeIf((key) -> key.startsWith("spring."));
		properties.putAll(RecordSizes.producerSettings(topics.maxRecordSize()));
		return properties;
	}

}

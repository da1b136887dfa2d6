package blog.pipeline.ingest.ops;

import java.time.Duration;
import java.util.Map;

import blog.pipeline.ingest.system.KafkaClients;
import blog.pipeline.ingest.system.TopicsProperties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;

/**
 * Opens the producer re-drives are sent with: bytes in, bytes out (records go back exactly as they were), and one
 * transactional id shared by every ingest instance, so opening it fences whichever producer another instance holds
 * with that id; a re-drive the other instance has not committed yet is aborted, and it cannot commit any more.
 * <p>
 * A re-drive may write another stage's topic ({@code posts.rendered}, {@code publish.*}), which the service's own
 * Kafka principal may not where the broker enforces ACLs (docker-compose.yml, {@code deploy/kafka/acls.txt}); there
 * {@code pipeline.redrive.sasl-jaas-config} names a principal of its own for these producers alone. Empty, they log in
 * as the rest of the service does.
 */
@Component
class RedriveProducers {

	private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

	private final Map<String, Object> properties;

	RedriveProducers(KafkaProperties kafka, OpsProperties ops, TopicsProperties topics,
			@Value("${pipeline.redrive.sasl-jaas-config:}") String redriveJaasConfig) {
		// a dead letter may be as large as any record, and is sent back as it is
		Map<String, Object> properties = KafkaClients.producer(kafka, topics);
		properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, ops.redriveTransactionalId());
		properties.put(ProducerConfig.CLIENT_ID_CONFIG, "ingest-ops-redrive");
		if (!redriveJaasConfig.isBlank()) {
			properties.put(SaslConfigs.SASL_JAAS_CONFIG, redriveJaasConfig);
		}
		this.properties = properties;
	}

	/** A producer whose transactions no other instance can interleave with while it is open. */
	KafkaProducer<byte[], byte[]> openFenced() {
		KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(this.properties);
		try {
			producer.initTransactions();
			return producer;
		}
		catch (KafkaException ex) {
			producer.close(Duration.ZERO);
			throw new KafkaNotAnsweringException("Kafka did not open the re-drive transaction in time", ex);
		}
	}

	static void close(KafkaProducer<byte[], byte[]> producer) {
		producer.close(CLOSE_TIMEOUT);
	}

}

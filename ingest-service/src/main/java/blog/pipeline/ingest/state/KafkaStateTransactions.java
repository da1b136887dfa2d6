package blog.pipeline.ingest.state;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import blog.pipeline.ingest.system.IngestProperties;
import blog.pipeline.ingest.system.KafkaClients;
import blog.pipeline.ingest.system.TopicsProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.support.micrometer.KafkaRecordSenderContext;
import org.springframework.kafka.support.micrometer.KafkaTemplateObservation;
import org.springframework.stereotype.Component;

/**
 * The state writer's Kafka side: one transactional producer whose transactional id every ingest instance shares, so
 * taking over ({@code initTransactions}) fences the previous writer and completes its open transaction, after which
 * the state topic's committed end is final until this instance commits again. Each event is sent in an observation
 * that continues its request's trace, so the {@code traceparent} header of an event names the request that caused it;
 * the state records beside it are sent without one (see {@link #send}).
 */
@Component
class KafkaStateTransactions implements StateTransactions {

	private static final Logger log = LoggerFactory.getLogger(KafkaStateTransactions.class);

	/** The timer of takeovers. */
	static final String TAKEOVERS = "pipeline.ingest.state.takeovers";

	private final Map<String, Object> producerProperties;

	private final Map<String, Object> consumerProperties;

	private final StateTopicTailer tailer;

	private final ObservationRegistry observations;

	private final Duration timeout;

	private final int maxRequestSize;

	private final Timer takeovers;

	private @Nullable KafkaProducer<String, byte[]> producer;

	private @Nullable KafkaConsumer<String, byte[]> offsets;

	KafkaStateTransactions(KafkaProperties kafka, StateWriterProperties writer, StateTopicTailer tailer,
			ObservationRegistry observations, IngestProperties properties, TopicsProperties topics,
			MeterRegistry meters) {
		Map<String, Object> producer = KafkaClients.producer(kafka, topics);
		producer.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, writer.transactionalId());
		producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		producer.put(ProducerConfig.ACKS_CONFIG, "all");
		producer.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, writer.compression());
		producer.put(ProducerConfig.CLIENT_ID_CONFIG, "ingest-state-writer-" + Integer.toHexString(hashCode()));
		this.producerProperties = producer;
		Map<String, Object> consumer = KafkaClients.groupless(kafka);
		consumer.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		consumer.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		consumer.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
		consumer.put(ConsumerConfig.CLIENT_ID_CONFIG, "ingest-state-end-" + Integer.toHexString(hashCode()));
		this.consumerProperties = consumer;
		this.tailer = tailer;
		this.observations = observations;
		this.timeout = properties.sendTimeout();
		// a batch's records must fit the topic's limit, which the broker checks after compression
		this.maxRequestSize = Math.toIntExact(topics.maxRecordSize().toBytes());
		this.takeovers = Timer.builder(TAKEOVERS)
			.description("Times this instance took over writing the state (fencing the previous writer) and read it "
					+ "up to its committed end: at start, after a Kafka failure, or when another instance wrote")
			.register(meters);
	}

	@Override
	public void takeOver() {
		long start = System.nanoTime();
		closeProducer();
		KafkaProducer<String, byte[]> taking = new KafkaProducer<>(this.producerProperties, new StringSerializer(),
				new ByteArraySerializer());
		try {
			taking.initTransactions();
		}
		catch (KafkaException ex) {
			taking.close(Duration.ZERO);
			throw new PostNotStoredException(ex);
		}
		this.producer = taking;
		Map<TopicPartition, Long> end = committedEnd();
		if (!this.tailer.awaitPositions(end, this.timeout)) {
			closeProducer();
			throw new PostNotStoredException(new java.util.concurrent.TimeoutException("state topic not read up to " + end));
		}
		long took = System.nanoTime() - start;
		this.takeovers.record(took, java.util.concurrent.TimeUnit.NANOSECONDS);
		log.info("Took over writing the state in {} ms (read it up to its committed end)", took / 1_000_000);
	}

	/** The end of every state partition as {@code read_committed} readers see it. */
	private Map<TopicPartition, Long> committedEnd() {
		try {
			KafkaConsumer<String, byte[]> consumer = this.offsets;
			if (consumer == null) {
				consumer = new KafkaConsumer<>(this.consumerProperties);
				this.offsets = consumer;
			}
			List<TopicPartition> partitions = consumer.partitionsFor(StateTopic.NAME)
				.stream()
				.map((info) -> new TopicPartition(info.topic(), info.partition()))
				.toList();
			return consumer.endOffsets(partitions);
		}
		catch (KafkaException ex) {
			closeProducer();
			throw new PostNotStoredException(ex);
		}
	}

	@Override
	public List<Long> commit(List<StateWrite> writes) {
		KafkaProducer<String, byte[]> current = this.producer;
		if (current == null) {
			throw new PostNotStoredException(new IllegalStateException("not the state writer"));
		}
		try {
			current.beginTransaction();
			List<Future<RecordMetadata>> sent = new ArrayList<>(writes.size());
			for (StateWrite write : writes) {
				sent.add(send(current, write));
			}
			current.commitTransaction();
			List<Long> offsets = new ArrayList<>(sent.size());
			for (Future<RecordMetadata> future : sent) {
				offsets.add(future.get().offset());
			}
			return offsets;
		}
		catch (KafkaException ex) {
			closeProducer();
			if (fenced(ex)) {
				throw new WriterFencedException(ex);
			}
			throw new PostNotStoredException(ex);
		}
		catch (ExecutionException ex) {
			// Committed, so every send succeeded: not expected.
			closeProducer();
			throw new PostNotStoredException((ex.getCause() != null) ? ex.getCause() : ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			closeProducer();
			throw new PostNotStoredException(ex);
		}
	}

	private Future<RecordMetadata> send(KafkaProducer<String, byte[]> producer, StateWrite write) {
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(write.topic(), write.key(), write.bytes());
		if (write.topic().equals(StateTopic.NAME)) {
			// Only ingest reads the state topic, and never its headers: an observation (a span and a timer) per state
			// record would cost the one writer thread more than the event's, which carries the trace on.
			return producer.send(record);
		}
		Observation observation = KafkaTemplateObservation.TEMPLATE_OBSERVATION
			.observation(null, KafkaTemplateObservation.DefaultKafkaTemplateObservationConvention.INSTANCE,
					() -> new KafkaRecordSenderContext(record, "ingestStateWriter", () -> null), this.observations)
			.parentObservation(write.parent())
			.start();
		try {
			return producer.send(record, (metadata, failure) -> {
				if (failure != null) {
					observation.error(failure);
				}
				observation.stop();
			});
		}
		catch (RuntimeException ex) {
			observation.error(ex);
			observation.stop();
			throw ex;
		}
	}

	private static boolean fenced(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof ProducerFencedException || cause instanceof InvalidProducerEpochException) {
				return true;
			}
		}
		return false;
	}

	@Override
	public int maxBatchBytes() {
		return this.maxRequestSize;
	}

	private void closeProducer() {
		KafkaProducer<String, byte[]> current = this.producer;
		this.producer = null;
		if (current != null) {
			try {
				current.close(Duration.ZERO);
			}
			catch (KafkaException ex) {
				log.debug("Closing the state producer failed: {}", ex.toString());
			}
		}
	}

	@Override
	public void close() {
		closeProducer();
		KafkaConsumer<String, byte[]> consumer = this.offsets;
		this.offsets = null;
		if (consumer != null) {
			consumer.close(Duration.ZERO);
		}
	}

}

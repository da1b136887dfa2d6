package blog.pipeline.ingest.ops;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import blog.pipeline.events.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.stereotype.Component;

/**
 * Sends dead letters back to the topic they failed on: the original key, value and headers, without the recoverer's
 * {@code kafka_dlt-*} headers, in one transaction with the mark in the {@link RedriveLog}. A letter is re-driven at
 * most once, across instances and restarts: each re-drive first fences the other instances' re-drive producers
 * ({@link RedriveProducers}), then reads the re-drive log itself up to its end, then decides. Where a letter goes back
 * to is decided by {@link RedriveTargets} from its dead-letter topic's name, never by its headers; a letter it refuses
 * is logged, counted in {@code pipeline.dead.letters.redrive.refused} and not written anywhere.
 */
@Component
class Redriver {

	private static final Logger log = LoggerFactory.getLogger(Redriver.class);

	private final DeadLetterReader reader;

	private final RedriveLog redriveLog;

	private final RedriveProducers producers;

	private final OpsConsumers consumers;

	private final Clock clock;

	private final OpsProperties properties;

	private final MeterRegistry meters;

	Redriver(DeadLetterReader reader, RedriveLog redriveLog, RedriveProducers producers, OpsConsumers consumers,
			Clock clock, OpsProperties properties, MeterRegistry meters) {
		this.reader = reader;
		this.redriveLog = redriveLog;
		this.producers = producers;
		this.consumers = consumers;
		this.clock = clock;
		this.properties = properties;
		this.meters = meters;
	}

	/** The dead letters not re-driven yet, optionally only those of one dead-letter or original topic. */
	List<DeadLetter> pending(@Nullable String topic) {
		if (!this.redriveLog.isReady()) {
			throw new RedriveLogNotReadException();
		}
		return this.reader.all()
			.stream()
			.map(DeadLetter::of)
			.filter((letter) -> wanted(letter, topic))
			.filter((letter) -> this.redriveLog.of(letter.position()).isEmpty())
			.toList();
	}

	synchronized Redrive redrive(Position position) {
		String target;
		ConsumerRecord<byte[], byte[]> record;
		try {
			// refused before anything is read from a topic that is not re-drivable
			if (position.topic().endsWith(Topics.DEAD_LETTER_SUFFIX)) {
				RedriveTargets.checkReadable(position);
			}
			record = this.reader.read(position).orElseThrow(() -> new NoSuchDeadLetterException(position));
			// and before any producer is opened, so a refusal writes and fences nothing
			target = RedriveTargets.targetOf(record);
		}
		catch (RedriveRefusedException ex) {
			throw refused(ex);
		}
		KafkaProducer<byte[], byte[]> producer = this.producers.openFenced();
		try {
			RedriveLog.Redriven earlier = committedRedrives().get(position.key());
			if (earlier != null) {
				throw new AlreadyRedrivenException(position, earlier.at());
			}
			return send(producer, record, target);
		}
		finally {
			RedriveProducers.close(producer);
		}
	}

	/**
	 * Re-drives every pending dead letter (of one topic, if given), each in its own transaction. A letter
	 * {@link RedriveTargets} refuses is left pending (logged and counted) rather than holding back all the others.
	 */
	synchronized List<Redrive> redriveAll(@Nullable String topic) {
		List<Redrive> redriven = new ArrayList<>();
		KafkaProducer<byte[], byte[]> producer = this.producers.openFenced();
		try {
			Map<String, RedriveLog.Redriven> earlier = committedRedrives();
			for (ConsumerRecord<byte[], byte[]> record : this.reader.all()) {
				DeadLetter letter = DeadLetter.of(record);
				if (wanted(letter, topic) && !earlier.containsKey(letter.position().key())) {
					String target;
					try {
						target = RedriveTargets.targetOf(record);
					}
					catch (RedriveRefusedException ex) {
						refused(ex);
						continue;
					}
					redriven.add(send(producer, record, target));
				}
			}
			return redriven;
		}
		finally {
			RedriveProducers.close(producer);
		}
	}

	private static boolean wanted(DeadLetter letter, @Nullable String topic) {
		return topic == null || topic.equals(letter.topic()) || topic.equals(letter.originalTopic());
	}

	/** The re-drives committed so far, read from the topic itself (this instance's view may lag behind). */
	private Map<String, RedriveLog.Redriven> committedRedrives() {
		Map<String, RedriveLog.Redriven> redrives = new HashMap<>();
		try (KafkaConsumer<byte[], byte[]> consumer = this.consumers.open()) {
			for (ConsumerRecord<byte[], byte[]> record : this.consumers.readToEnd(consumer,
					this.consumers.partitions(consumer, RedriveLog.TOPIC), "the re-drive log")) {
				if (record.key() != null && record.value() != null) {
					redrives.put(new String(record.key(), StandardCharsets.UTF_8),
							this.redriveLog.deserialize(record.value()));
				}
			}
		}
		return redrives;
	}

	/** Logs and counts a refused re-drive (by reason: the requested topic is the caller's and unbounded). */
	private RedriveRefusedException refused(RedriveRefusedException ex) {
		Counter.builder("pipeline.dead.letters.redrive.refused")
			.description("Re-drives refused because the dead letter's topic is not re-drivable or its headers "
					+ "name another topic, by reason")
			.tag("reason", ex.reason().tag())
			.register(this.meters)
			.increment();
		log.warn("Refused a re-drive: {}", ex.getMessage());
		return ex;
	}

	private Redrive send(KafkaProducer<byte[], byte[]> producer, ConsumerRecord<byte[], byte[]> record,
			String target) {
		Position position = new Position(record.topic(), record.partition(), record.offset());
		RecordHeaders headers = new RecordHeaders();
		for (Header header : record.headers()) {
			if (!header.key().startsWith(DeadLetter.DLT_HEADER_PREFIX)) {
				headers.add(header);
			}
		}
		RedriveLog.Redriven mark = new RedriveLog.Redriven(this.clock.instant(), target);
		ProducerRecord<byte[], byte[]> resent = new ProducerRecord<>(target, null, record.key(), record.value(),
				headers);
		ProducerRecord<byte[], byte[]> marked = new ProducerRecord<>(RedriveLog.TOPIC,
				position.key().getBytes(StandardCharsets.UTF_8), this.redriveLog.serialize(mark));
		String key = (record.key() != null) ? new String(record.key(), StandardCharsets.UTF_8) : "";
		try (MDC.MDCCloseable postId = MDC.putCloseable("postId", key)) {
			RecordMetadata sent = commit(producer, resent, marked);
			this.redriveLog.remember(position, mark);
			Counter.builder("pipeline.dead.letters.redriven")
				.description("Dead letters an operator sent back to their topic, by that topic")
				.tag("topic", target)
				.register(this.meters)
				.increment();
			log.info("Re-drove the dead letter at {} to {}-{}@{}", position, sent.topic(), sent.partition(),
					sent.offset());
			return new Redrive(position, sent.topic(), sent.partition(), sent.offset(), mark.at());
		}
	}

	private RecordMetadata commit(KafkaProducer<byte[], byte[]> producer, ProducerRecord<byte[], byte[]> resent,
			ProducerRecord<byte[], byte[]> marked) {
		try {
			producer.beginTransaction();
			Future<RecordMetadata> sending = producer.send(resent);
			producer.send(marked);
			producer.commitTransaction();
			return sending.get(this.properties.brokerTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ProducerFencedException ex) {
			throw new KafkaNotAnsweringException("Another ingest instance started re-driving meanwhile; nothing more "
					+ "was re-driven here. Look at the list again.", ex);
		}
		catch (KafkaException | ExecutionException | TimeoutException ex) {
			abort(producer);
			throw new KafkaNotAnsweringException("Kafka did not take the re-drive to " + resent.topic()
					+ "; it was not re-driven", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new KafkaNotAnsweringException("Interrupted while re-driving", ex);
		}
	}

	private static void abort(KafkaProducer<byte[], byte[]> producer) {
		try {
			producer.abortTransaction();
		}
		catch (RuntimeException ex) {
			// the transaction is lost either way; the coordinator aborts it when it times out
			log.debug("Could not abort the re-drive transaction: {}", ex.toString());
		}
	}

}

package blog.pipeline.ingest.ops;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import blog.pipeline.events.Topics;
import blog.pipeline.ingest.ops.OpsKafkaConfiguration.RedriveTemplate;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;

/**
 * Sends dead letters back to the topic they failed on: the original key, value and headers, without the recoverer's
 * {@code kafka_dlt-*} headers, in one transaction with the mark in the {@link RedriveLog}, so a letter is re-driven
 * at most once. One re-drive at a time per instance.
 */
@Component
class Redriver {

	private static final Logger log = LoggerFactory.getLogger(Redriver.class);

	private final DeadLetterReader reader;

	private final RedriveLog redriveLog;

	private final KafkaTemplate<byte[], byte[]> template;

	private final Clock clock;

	private final OpsProperties properties;

	private final MeterRegistry meters;

	Redriver(DeadLetterReader reader, RedriveLog redriveLog, RedriveTemplate template, Clock clock,
			OpsProperties properties, MeterRegistry meters) {
		this.reader = reader;
		this.redriveLog = redriveLog;
		this.template = template.template();
		this.clock = clock;
		this.properties = properties;
		this.meters = meters;
	}

	/** The dead letters not re-driven yet, optionally only those of one dead-letter or original topic. */
	List<DeadLetter> pending(@Nullable String topic) {
		requireReady();
		return this.reader.all()
			.stream()
			.map(DeadLetter::of)
			.filter((letter) -> topic == null || topic.equals(letter.topic()) || topic.equals(letter.originalTopic()))
			.filter((letter) -> this.redriveLog.of(letter.position()).isEmpty())
			.toList();
	}

	synchronized Redrive redrive(Position position) {
		requireReady();
		this.redriveLog.of(position).ifPresent((done) -> {
			throw new AlreadyRedrivenException(position, done.at());
		});
		return send(this.reader.read(position).orElseThrow(() -> new NoSuchDeadLetterException(position)));
	}

	/** Re-drives every pending dead letter (of one topic, if given), each in its own transaction. */
	synchronized List<Redrive> redriveAll(@Nullable String topic) {
		requireReady();
		List<Redrive> redriven = new ArrayList<>();
		for (ConsumerRecord<byte[], byte[]> record : this.reader.all()) {
			DeadLetter letter = DeadLetter.of(record);
			boolean wanted = topic == null || topic.equals(letter.topic()) || topic.equals(letter.originalTopic());
			if (wanted && this.redriveLog.of(letter.position()).isEmpty()) {
				redriven.add(send(record));
			}
		}
		return redriven;
	}

	private Redrive send(ConsumerRecord<byte[], byte[]> record) {
		Position position = new Position(record.topic(), record.partition(), record.offset());
		String target = DeadLetter.originalTopic(record);
		if (target.endsWith(Topics.DEAD_LETTER_SUFFIX)) {
			throw new NoSuchDeadLetterException(position);
		}
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
			RecordMetadata sent = commit(resent, marked).getRecordMetadata();
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

	private SendResult<byte[], byte[]> commit(ProducerRecord<byte[], byte[]> resent,
			ProducerRecord<byte[], byte[]> marked) {
		try {
			return this.template.executeInTransaction((operations) -> {
				var sending = operations.send(resent);
				operations.send(marked);
				return sending;
			}).get(this.properties.brokerTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (KafkaException | org.springframework.kafka.KafkaException | ExecutionException | TimeoutException ex) {
			throw new KafkaNotAnsweringException("Kafka did not take the re-drive of " + resent.topic()
					+ "; nothing was re-driven", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new KafkaNotAnsweringException("Interrupted while re-driving", ex);
		}
	}

	private void requireReady() {
		if (!this.redriveLog.isReady()) {
			throw new RedriveLogNotReadException();
		}
	}

}

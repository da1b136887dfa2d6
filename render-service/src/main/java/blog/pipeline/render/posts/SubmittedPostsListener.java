package blog.pipeline.render.posts;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import blog.pipeline.events.PostEvent;
import blog.pipeline.events.PostRendered;
import blog.pipeline.events.PostSubmitted;
import blog.pipeline.events.PostWithdrawn;
import blog.pipeline.events.ReplayHeader;
import blog.pipeline.events.SchemaVersion;
import blog.pipeline.events.Topics;
import blog.pipeline.render.page.PageRenderingException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.kafka.support.micrometer.KafkaListenerObservation;
import org.springframework.kafka.support.micrometer.KafkaListenerObservation.DefaultKafkaListenerObservationConvention;
import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.stereotype.Component;

/**
 * Renders submitted post versions to {@link Topics#POSTS_RENDERED} and passes withdrawals through, both keyed by post
 * id. The listener takes the records of a poll as one batch and processes it at least once: its output is sent and
 * acknowledged ({@code acks=all}, idempotent producer) before the container commits the poll's offsets, so a crash
 * in between renders those records again and sends the same versions again, which publish skips (it never applies
 * a version it already has). No Kafka transaction: one per poll cost four sequential broker round trips (add the
 * partitions, send, add the offsets, commit) and commit markers, which under a steady stream of edits made render
 * the slowest hop of a change (BENCHMARKS.md, session 7). One consumer thread by default: rendering is CPU-bound on
 * a 2-core machine; add instances, up to the partition count, to render more.
 * <p>
 * A record that is bad in itself (unreadable, unsupported schema version or event type, a draft that cannot be
 * rendered safely or is beyond the {@link blog.pipeline.events.MarkdownLimits limits of a draft}, a draft whose
 * rendering overflows the stack) goes to its dead-letter topic at once, and the batch goes on. For any other failure
 * (Kafka not acknowledging a send, a page too large for a record) the listener names the record, and the error
 * handler commits the records before it, retries from it with backoff and, once it gives up, dead-letters it
 * ({@link blog.pipeline.render.system}). Records are rendered and sent in offset order, the acknowledgements awaited
 * in that order, so a failure is blamed on its own record. Per-key order holds: a partition's records are sent in
 * offset order by one idempotent producer.
 * <p>
 * Counts {@code pipeline.posts.rendered} (each PostRendered acknowledged; a record rendered again after a failure
 * counts again) and times each render as {@code pipeline.render.time}. Each record is observed on its own: its log
 * lines carry the post id and version (MDC) and a trace id that continues the record's {@code traceparent} header,
 * and the template passes the trace on in the header of the PostRendered.
 * <p>
 * The records of a full replay ({@link Topics#POSTS_REPLAY}) are rendered the same way by a listener of their own
 * (own consumer group, own consumer thread, low concurrency), so live posts never wait behind a replay; their
 * PostRendered carries the {@link ReplayHeader replay id} on to publish.
 */
@Component
class SubmittedPostsListener {

	private static final Logger logger = LoggerFactory.getLogger(SubmittedPostsListener.class);

	private static final LogAccessor deserializationLog = new LogAccessor(SubmittedPostsListener.class);

	private final PostRenderer renderer;

	private final KafkaOperations<String, PostEvent> kafka;

	private final ConsumerRecordRecoverer deadLetters;

	private final RenderProperties properties;

	private final ObservationRegistry observations;

	private final Counter rendered;

	private final Timer renderTime;

	SubmittedPostsListener(PostRenderer renderer, KafkaOperations<String, PostEvent> kafka,
			ConsumerRecordRecoverer deadLetters, RenderProperties properties, MeterRegistry meters,
			ObservationRegistry observations) {
		this.renderer = renderer;
		this.kafka = kafka;
		this.deadLetters = deadLetters;
		this.properties = properties;
		this.observations = observations;
		this.rendered = Counter.builder("pipeline.posts.rendered")
			.description("Post versions rendered and sent to " + Topics.POSTS_RENDERED)
			.register(meters);
		this.renderTime = Timer.builder("pipeline.render.time")
			.description("Time to render a post version: Markdown, sanitizing, teaser and page")
			.register(meters);
	}

	@KafkaListener(topics = Topics.POSTS_SUBMITTED, batch = "true")
	void onSubmittedPosts(List<ConsumerRecord<String, @Nullable PostEvent>> records) {
		process(records, "render", (record) -> null);
	}

	@KafkaListener(id = "render-replay", topics = Topics.POSTS_REPLAY, groupId = "${spring.application.name}.replay",
			concurrency = "${pipeline.render.replay-concurrency:1}", batch = "true")
	void onReplayedPosts(List<ConsumerRecord<String, @Nullable PostEvent>> records) {
		process(records, "render-replay", SubmittedPostsListener::replayId);
	}

	/**
	 * Renders and sends record by record (the producer sends while the next record renders), then waits for the
	 * acknowledgements in order. A record that fails names itself ({@link BatchListenerFailedException}); the error
	 * handler then commits the offsets of the records before it, so before it is thrown every output sent so far
	 * must be acknowledged, and a send of an earlier record that failed is blamed first.
	 */
	private void process(List<ConsumerRecord<String, @Nullable PostEvent>> records, String listenerId,
			Function<ConsumerRecord<String, @Nullable PostEvent>, @Nullable String> replayIds) {
		List<Outcome> outcomes = new ArrayList<>(records.size());
		List<Sent> sent = new ArrayList<>(records.size());
		try {
			for (ConsumerRecord<String, @Nullable PostEvent> record : records) {
				try {
					Outcome outcome = outcome(record, listenerId, replayIds);
					outcomes.add(outcome);
					if (outcome.deadLetterReason() != null) {
						deadLetter(outcome.record(), outcome.deadLetterReason());
					}
					else if (outcome.output() != null) {
						sent.add(send(outcome));
					}
				}
				catch (BatchListenerFailedException ex) {
					awaitAcknowledgements(sent);
					throw ex;
				}
			}
			awaitAcknowledgements(sent);
		}
		finally {
			outcomes.forEach(Outcome::stop);
		}
	}

	private Outcome outcome(ConsumerRecord<String, @Nullable PostEvent> record, String listenerId,
			Function<ConsumerRecord<String, @Nullable PostEvent>, @Nullable String> replayIds) {
		String group = Objects.requireNonNullElse(KafkaUtils.getConsumerGroupId(), listenerId);
		Observation observation = KafkaListenerObservation.LISTENER_OBSERVATION
			.observation(null, DefaultKafkaListenerObservationConvention.INSTANCE,
					() -> new KafkaRecordReceiverContext(record, listenerId, listenerId, group, () -> null),
					this.observations)
			.start();
		try (Observation.Scope scope = observation.openScope()) {
			String replayId = replayIds.apply(record);
			return new Outcome(record, output(record, replayId), replayId, null, observation);
		}
		catch (DeserializationException | UnsupportedSchemaVersionException | UnsupportedEventException
				| InvalidDraftException | PageRenderingException ex) {
			// bad in itself: rendering it again would fail again
			observation.error(ex).stop();
			return new Outcome(record, null, null,
					new ListenerExecutionFailedException("Record " + describe(record) + " cannot be rendered", ex),
					null);
		}
		catch (RuntimeException ex) {
			observation.error(ex).stop();
			throw new BatchListenerFailedException("Record " + describe(record) + " failed", ex, record);
		}
		catch (StackOverflowError | AssertionError ex) {
			// Spring Kafka lets an Error through its error handler and stops the container ("Stopping container due
			// to an Error"), so one draft would stop rendering. These two concern this record alone: the stack is
			// unwound by now and nothing is left half done, so the record is dead-lettered and the batch goes on.
			// Other Errors (out of memory, a class missing) are about the process, not the record: they still stop it.
			observation.error(ex).stop();
			return new Outcome(record, null, null, new ListenerExecutionFailedException(
					"Record " + describe(record) + " cannot be rendered", renderingError(record, ex)), null);
		}
	}

	private static RenderingErrorException renderingError(ConsumerRecord<?, ?> record, Error error) {
		// a stack overflow's trace is a thousand frames of the same few; the dead letter's header needs the top
		StackTraceElement[] trace = error.getStackTrace();
		if (trace.length > 64) {
			error.setStackTrace(Arrays.copyOf(trace, 64));
		}
		String post = (record.value() instanceof PostEvent event)
				? "post '" + event.postId() + "' version " + event.version() : "record " + describe(record);
		String what = (error instanceof StackOverflowError)
				? "overflowed the stack (its Markdown nests deeper than the renderer can follow)"
				: "threw " + error;
		return new RenderingErrorException("Rendering " + post + " " + what, error);
	}

	private PostEvent output(ConsumerRecord<String, @Nullable PostEvent> record, @Nullable String replayId) {
		DeserializationException unreadable = SerializationUtils.getExceptionFromHeader(record,
				SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, deserializationLog);
		if (unreadable != null) {
			throw unreadable;
		}
		PostEvent event = record.value();
		if (event == null) {
			throw new UnsupportedEventException("Record " + describe(record) + " has no value");
		}
		try (MDC.MDCCloseable postId = MDC.putCloseable("postId", event.postId());
				MDC.MDCCloseable version = MDC.putCloseable("version", Long.toString(event.version()))) {
			if (!SchemaVersion.isSupported(event.schemaVersion())) {
				throw new UnsupportedSchemaVersionException(event.postId(), event.schemaVersion());
			}
			if (event instanceof PostSubmitted submitted) {
				long start = System.nanoTime();
				PostRendered rendered = this.renderTime.record(() -> this.renderer.render(submitted));
				logger.info("Rendered post {} version {} ({} in {} ms{})", rendered.postId(), rendered.version(),
						rendered.slug(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
						(replayId != null) ? ", replay " + replayId : "");
				return rendered;
			}
			if (event instanceof PostWithdrawn withdrawn && replayId == null) {
				logger.info("Passing withdrawal of post {} version {} through", withdrawn.postId(),
						withdrawn.version());
				return withdrawn;
			}
			throw new UnsupportedEventException("Event " + event.getClass().getSimpleName() + " for post '"
					+ event.postId() + "' does not belong on " + record.topic());
		}
	}

	private void deadLetter(ConsumerRecord<?, ?> record, Exception reason) {
		try {
			this.deadLetters.accept(record, reason);
		}
		catch (RuntimeException ex) {
			throw new BatchListenerFailedException("Record " + describe(record) + " could not be dead-lettered", ex,
					record);
		}
	}

	/** Sends in the record's observation, so the template passes its trace on in the output's headers. */
	private Sent send(Outcome outcome) {
		PostEvent output = Objects.requireNonNull(outcome.output());
		try (Observation.Scope scope = (outcome.observation() != null) ? outcome.observation().openScope() : null) {
			return new Sent(outcome.record(), output, send(output, outcome.replayId()));
		}
		catch (RuntimeException ex) {
			throw new BatchListenerFailedException("Record " + describe(outcome.record()) + " failed", ex,
					outcome.record());
		}
	}

	private CompletableFuture<?> send(PostEvent event, @Nullable String replayId) {
		try {
			if (replayId == null) {
				return this.kafka.send(Topics.POSTS_RENDERED, event.postId(), event);
			}
			ProducerRecord<String, PostEvent> record = new ProducerRecord<>(Topics.POSTS_RENDERED, event.postId(),
					event);
			record.headers().add(ReplayHeader.NAME, ReplayHeader.encode(replayId));
			return this.kafka.send(record);
		}
		catch (KafkaException ex) {
			throw notSent(event, ex);
		}
	}

	/** Waits for the broker to acknowledge each send, in order; the first that fails fails its own record. */
	private void awaitAcknowledgements(List<Sent> sent) {
		long deadline = System.nanoTime() + this.properties.sendTimeout().toNanos();
		for (Sent output : sent) {
			try {
				output.acknowledged().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
				if (output.event() instanceof PostRendered) {
					this.rendered.increment();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw failed(output, ex);
			}
			catch (ExecutionException ex) {
				throw failed(output, (ex.getCause() != null) ? ex.getCause() : ex);
			}
			catch (TimeoutException ex) {
				throw failed(output, ex);
			}
		}
	}

	private static @Nullable String replayId(ConsumerRecord<String, @Nullable PostEvent> record) {
		Header replay = record.headers().lastHeader(ReplayHeader.NAME);
		String replayId = (replay != null) ? ReplayHeader.decode(replay.value()) : null;
		if (replayId == null) {
			throw new UnsupportedEventException(
					"Record " + describe(record) + " has no " + ReplayHeader.NAME + " header");
		}
		return replayId;
	}

	private static BatchListenerFailedException failed(Sent output, Throwable cause) {
		return new BatchListenerFailedException("Record " + describe(output.record()) + " failed",
				notSent(output.event(), cause), output.record());
	}

	private static RenderedEventNotSentException notSent(PostEvent event, Throwable cause) {
		return new RenderedEventNotSentException("Kafka did not acknowledge " + event.getClass().getSimpleName()
				+ " of post '" + event.postId() + "' version " + event.version() + " on " + Topics.POSTS_RENDERED,
				cause);
	}

	private static String describe(ConsumerRecord<?, ?> record) {
		return "with key '" + record.key() + "' at " + record.topic() + "-" + record.partition() + "@"
				+ record.offset();
	}

	/**
	 * What a record of the batch comes to: an event to send (in the record's observation, still open), or the reason
	 * to dead-letter it.
	 */
	private record Outcome(ConsumerRecord<?, ?> record, @Nullable PostEvent output, @Nullable String replayId,
			@Nullable Exception deadLetterReason, @Nullable Observation observation) {

		void stop() {
			if (this.observation != null) {
				this.observation.stop();
			}
		}

	}

	/** An event handed to the producer for a record, and the broker's acknowledgement to come. */
	private record Sent(ConsumerRecord<?, ?> record, PostEvent event, CompletableFuture<?> acknowledged) {
	}

}

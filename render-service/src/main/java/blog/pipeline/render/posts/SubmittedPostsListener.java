package blog.pipeline.render.posts;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import blog.pipeline.events.PostEvent;
import blog.pipeline.events.PostRendered;
import blog.pipeline.events.PostSubmitted;
import blog.pipeline.events.PostWithdrawn;
import blog.pipeline.events.ReplayHeader;
import blog.pipeline.events.SchemaVersion;
import blog.pipeline.events.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.stereotype.Component;

/**
 * Renders each submitted post version to {@link Topics#POSTS_RENDERED} and passes withdrawals through, both keyed by
 * post id. The container calls this inside a Kafka transaction that also carries the consumed offset, so the output
 * and the progress commit together: a crash before the commit aborts the output (invisible to {@code read_committed}
 * readers) and the record is processed again, never lost, never published twice. Sends wait for the broker's
 * acknowledgement so a failure surfaces here and is thrown to the container, which rolls back and retries the record
 * or sends it to the dead-letter topic.
 * <p>
 * Counts {@code pipeline.posts.rendered} (each PostRendered sent; a rolled-back attempt that is retried counts again)
 * and times each render as {@code pipeline.render.time}. Log lines carry the post id and version (MDC); the trace id
 * comes from the listener's observation, a child of the trace in the record's {@code traceparent} header, and the
 * template's observation passes it on in the header of the PostRendered.
 * <p>
 * The records of a full replay ({@link Topics#POSTS_REPLAY}) are rendered the same way by a listener of their own
 * (own consumer group, low concurrency), so live posts never wait behind a replay; their PostRendered carries the
 * {@link ReplayHeader replay id} on to publish.
 */
@Component
class SubmittedPostsListener {

	private static final Logger logger = LoggerFactory.getLogger(SubmittedPostsListener.class);

	private final PostRenderer renderer;

	private final KafkaOperations<String, PostEvent> kafka;

	private final RenderProperties properties;

	private final Counter rendered;

	private final Timer renderTime;

	SubmittedPostsListener(PostRenderer renderer, KafkaOperations<String, PostEvent> kafka, RenderProperties properties,
			MeterRegistry meters) {
		this.renderer = renderer;
		this.kafka = kafka;
		this.properties = properties;
		this.rendered = Counter.builder("pipeline.posts.rendered")
			.description("Post versions rendered and sent to " + Topics.POSTS_RENDERED)
			.register(meters);
		this.renderTime = Timer.builder("pipeline.render.time")
			.description("Time to render a post version: Markdown, sanitizing, teaser and page")
			.register(meters);
	}

	@KafkaListener(topics = Topics.POSTS_SUBMITTED)
	void onSubmittedPost(ConsumerRecord<String, @Nullable PostEvent> record) {
		render(record, null);
	}

	@KafkaListener(id = "render-replay", topics = Topics.POSTS_REPLAY, groupId = "${spring.application.name}.replay",
			concurrency = "${pipeline.render.replay-concurrency:1}")
	void onReplayedPost(ConsumerRecord<String, @Nullable PostEvent> record) {
		Header replay = record.headers().lastHeader(ReplayHeader.NAME);
		String replayId = (replay != null) ? ReplayHeader.decode(replay.value()) : null;
		if (replayId == null) {
			throw new UnsupportedEventException("Record with key '" + record.key() + "' at " + record.topic() + "-"
					+ record.partition() + "@" + record.offset() + " has no " + ReplayHeader.NAME + " header");
		}
		if (!(record.value() instanceof PostSubmitted) && record.value() != null) {
			throw new UnsupportedEventException("Event " + record.value().getClass().getSimpleName() + " for post '"
					+ record.value().postId() + "' does not belong on " + Topics.POSTS_REPLAY);
		}
		render(record, replayId);
	}

	private void render(ConsumerRecord<String, @Nullable PostEvent> record, @Nullable String replayId) {
		PostEvent event = record.value();
		if (event == null) {
			throw new UnsupportedEventException("Record with key '" + record.key() + "' at " + record.topic() + "-"
					+ record.partition() + "@" + record.offset() + " has no value");
		}
		try (MDC.MDCCloseable postId = MDC.putCloseable("postId", event.postId());
				MDC.MDCCloseable version = MDC.putCloseable("version", Long.toString(event.version()))) {
			if (!SchemaVersion.isSupported(event.schemaVersion())) {
				throw new UnsupportedSchemaVersionException(event.postId(), event.schemaVersion());
			}
			if (event instanceof PostSubmitted submitted) {
				long start = System.nanoTime();
				PostRendered rendered = this.renderTime.record(() -> this.renderer.render(submitted));
				send(rendered, replayId);
				this.rendered.increment();
				logger.info("Rendered post {} version {} ({} in {} ms{})", rendered.postId(), rendered.version(),
						rendered.slug(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
						(replayId != null) ? ", replay " + replayId : "");
			}
			else if (event instanceof PostWithdrawn withdrawn) {
				send(withdrawn, null);
				logger.info("Passed withdrawal of post {} version {} through", withdrawn.postId(), withdrawn.version());
			}
			else {
				throw new UnsupportedEventException("Event " + event.getClass().getSimpleName() + " for post '"
						+ event.postId() + "' does not belong on " + Topics.POSTS_SUBMITTED);
			}
		}
	}

	private void send(PostEvent event, @Nullable String replayId) {
		try {
			sent(event, replayId).get(this.properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw notSent(event, ex);
		}
		catch (ExecutionException ex) {
			throw notSent(event, (ex.getCause() != null) ? ex.getCause() : ex);
		}
		catch (TimeoutException | KafkaException ex) {
			throw notSent(event, ex);
		}
	}

	private CompletableFuture<?> sent(PostEvent event, @Nullable String replayId) {
		if (replayId == null) {
			return this.kafka.send(Topics.POSTS_RENDERED, event.postId(), event);
		}
		ProducerRecord<String, PostEvent> record = new ProducerRecord<>(Topics.POSTS_RENDERED, event.postId(), event);
		record.headers().add(ReplayHeader.NAME, ReplayHeader.encode(replayId));
		return this.kafka.send(record);
	}

	private static RenderedEventNotSentException notSent(PostEvent event, Throwable cause) {
		return new RenderedEventNotSentException("Kafka did not acknowledge " + event.getClass().getSimpleName()
				+ " of post '" + event.postId() + "' version " + event.version() + " on " + Topics.POSTS_RENDERED,
				cause);
	}

}

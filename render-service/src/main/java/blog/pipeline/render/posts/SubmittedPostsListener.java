package blog.pipeline.render.posts;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import blog.pipeline.events.PostEvent;
import blog.pipeline.events.PostRendered;
import blog.pipeline.events.PostSubmitted;
import blog.pipeline.events.PostWithdrawn;
import blog.pipeline.events.SchemaVersion;
import blog.pipeline.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
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
 */
@Component
class SubmittedPostsListener {

	private static final Logger logger = LoggerFactory.getLogger(SubmittedPostsListener.class);

	private final PostRenderer renderer;

	private final KafkaOperations<String, PostEvent> kafka;

	private final RenderProperties properties;

	SubmittedPostsListener(PostRenderer renderer, KafkaOperations<String, PostEvent> kafka,
			RenderProperties properties) {
		this.renderer = renderer;
		this.kafka = kafka;
		this.properties = properties;
	}

	@KafkaListener(topics = Topics.POSTS_SUBMITTED)
	void onSubmittedPost(ConsumerRecord<String, @Nullable PostEvent> record) {
		PostEvent event = record.value();
		if (event == null) {
			throw new UnsupportedEventException("Record with key '" + record.key() + "' at " + record.topic() + "-"
					+ record.partition() + "@" + record.offset() + " has no value");
		}
		try (MDC.MDCCloseable postId = MDC.putCloseable("postId", event.postId())) {
			if (!SchemaVersion.isSupported(event.schemaVersion())) {
				throw new UnsupportedSchemaVersionException(event.postId(), event.schemaVersion());
			}
			if (event instanceof PostSubmitted submitted) {
				long start = System.nanoTime();
				PostRendered rendered = this.renderer.render(submitted);
				send(rendered);
				logger.info("Rendered post {} version {} ({} in {} ms)", rendered.postId(), rendered.version(),
						rendered.slug(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
			}
			else if (event instanceof PostWithdrawn withdrawn) {
				send(withdrawn);
				logger.info("Passed withdrawal of post {} version {} through", withdrawn.postId(), withdrawn.version());
			}
			else {
				throw new UnsupportedEventException("Event " + event.getClass().getSimpleName() + " for post '"
						+ event.postId() + "' does not belong on " + Topics.POSTS_SUBMITTED);
			}
		}
	}

	private void send(PostEvent event) {
		try {
			this.kafka.send(Topics.POSTS_RENDERED, event.postId(), event)
				.get(this.properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
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

	private static RenderedEventNotSentException notSent(PostEvent event, Throwable cause) {
		return new RenderedEventNotSentException("Kafka did not acknowledge " + event.getClass().getSimpleName()
				+ " of post '" + event.postId() + "' version " + event.version() + " on " + Topics.POSTS_RENDERED,
				cause);
	}

}

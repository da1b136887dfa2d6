package blog.pipeline.ingest.drafts;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import blog.pipeline.events.PostEvent;
import blog.pipeline.events.PostSubmitted;
import blog.pipeline.events.Topics;
import blog.pipeline.ingest.system.IngestProperties;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;

/**
 * Puts accepted posts on {@link Topics#POSTS_SUBMITTED}, keyed by post id, and returns only once Kafka acknowledged
 * the record ({@code acks=all}, idempotent producer: see application.yml).
 */
@Component
class PostSubmittedSender {

	private static final Logger log = LoggerFactory.getLogger(PostSubmittedSender.class);

	private final KafkaTemplate<String, PostEvent> kafka;

	private final Duration timeout;

	PostSubmittedSender(KafkaTemplate<String, PostEvent> kafka, IngestProperties properties) {
		this.kafka = kafka;
		this.timeout = properties.sendTimeout();
	}

	/**
	 * Sends the post and waits for Kafka's acknowledgement.
	 * @throws PostNotStoredException if Kafka did not acknowledge it within the send timeout
	 */
	void send(PostSubmitted submitted) {
		String postId = submitted.postId();
		try {
			CompletableFuture<SendResult<String, PostEvent>> sent = this.kafka.send(Topics.POSTS_SUBMITTED, postId,
					submitted);
			RecordMetadata stored = sent.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS).getRecordMetadata();
			log.debug("Kafka stored post {} version {} at {}-{}@{}", postId, submitted.version(), stored.topic(),
					stored.partition(), stored.offset());
		}
		catch (KafkaException ex) {
			// The producer failed fast, e.g. no broker answered within max.block.ms.
			throw notStored(postId, ex);
		}
		catch (ExecutionException ex) {
			throw notStored(postId, (ex.getCause() != null) ? ex.getCause() : ex);
		}
		catch (TimeoutException ex) {
			// delivery.timeout.ms is shorter than the send timeout, so the producer normally gives up first.
			log.warn("No acknowledgement for post {} within {}; the record may still arrive", postId, this.timeout);
			throw notStored(postId, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw notStored(postId, ex);
		}
	}

	private static PostNotStoredException notStored(String postId, Throwable cause) {
		PostNotStoredException ex = new PostNotStoredException(postId, cause);
		log.warn(ex.getMessage());
		return ex;
	}

}

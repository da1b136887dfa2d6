package blog.pipeline.ingest.state;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import blog.pipeline.events.PostEvent;
import blog.pipeline.events.Topics;
import blog.pipeline.ingest.system.IngestProperties;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;

/**
 * Writes a post's event to {@link Topics#POSTS_SUBMITTED} together with the state records that go with it (version,
 * slug, idempotency answer) in one Kafka transaction: both are stored or neither is, and readers of either topic
 * ({@code read_committed}) never see half of a change. Returns only once Kafka committed ({@code acks=all},
 * idempotent transactional producer), then applies the state records to this instance's {@link PostStateStore}.
 */
@Component
public class StateLog {

	private static final Logger log = LoggerFactory.getLogger(StateLog.class);

	private final @Nullable KafkaTemplate<String, Object> kafka;

	private final PostStateStore store;

	private final Duration timeout;

	public StateLog(@Nullable KafkaTemplate<String, Object> kafka, PostStateStore store,
			IngestProperties properties) {
		this.kafka = kafka;
		this.store = store;
		this.timeout = properties.sendTimeout();
	}

	/**
	 * Stores the change and waits for Kafka's commit.
	 * @param postId the post the change is about (the event's key)
	 * @param event the event to produce, or {@code null} for a state-only change (e.g. a scheduled draft)
	 * @throws StateNotReadyException if the state was not read back yet
	 * @throws PostNotStoredException if Kafka did not commit the change within the send timeout
	 */
	public void commit(String postId, @Nullable PostEvent event, List<StateEntry> entries) {
		if (!this.store.isReady()) {
			throw new StateNotReadyException();
		}
		List<Long> offsets = send(postId, event, entries);
		for (int i = 0; i < entries.size(); i++) {
			StateEntry entry = entries.get(i);
			this.store.apply(entry.key(), entry.value(), offsets.get(i));
		}
	}

	/**
	 * Sends the event and entries in one transaction.
	 * @return the state-topic offset of each entry, in order
	 */
	protected List<Long> send(String postId, @Nullable PostEvent event, List<StateEntry> entries) {
		KafkaTemplate<String, Object> template = this.kafka;
		if (template == null) {
			throw new IllegalStateException("No KafkaTemplate configured");
		}
		try {
			List<CompletableFuture<SendResult<String, Object>>> sent = template.executeInTransaction((operations) -> {
				List<CompletableFuture<SendResult<String, Object>>> futures = new ArrayList<>();
				for (StateEntry entry : entries) {
					futures.add(operations.send(StateTopic.NAME, entry.key(), entry.value()));
				}
				if (event != null) {
					futures.add(operations.send(Topics.POSTS_SUBMITTED, postId, event));
				}
				return futures;
			});
			List<Long> offsets = new ArrayList<>();
			for (CompletableFuture<SendResult<String, Object>> future : sent) {
				RecordMetadata stored = future.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS).getRecordMetadata();
				offsets.add(stored.offset());
			}
			if (event != null) {
				log.debug("Kafka committed {} of post {} version {}", event.getClass().getSimpleName(), postId,
						event.version());
			}
			return offsets.subList(0, entries.size());
		}
		catch (org.springframework.kafka.KafkaException | org.apache.kafka.common.KafkaException ex) {
			throw notStored(postId, ex);
		}
		catch (ExecutionException ex) {
			throw notStored(postId, (ex.getCause() != null) ? ex.getCause() : ex);
		}
		catch (TimeoutException ex) {
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

package blog.pipeline.render.posts;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

/**
 * The records whose batch transaction was rolled back because of them, shared by the after-rollback processor (which
 * counts the attempts and decides when to give up) and the listener (which dead-letters a given-up record when its
 * batch comes again, inside that batch's transaction). Spring Kafka's own after-rollback processor can only retry a
 * whole batch or dead-letter all of it; this keeps a poison record's neighbours rendered.
 * <p>
 * Thread-safe: each partition is handled by one consumer thread at a time, several threads share the instance. An
 * entry is forgotten once a batch of its partition starts after it (the transaction that dealt with it committed).
 */
@Component
public final class FailedRecords {

	private final Map<Position, Failure> failures = new ConcurrentHashMap<>();

	/**
	 * Counts a failed attempt at the record.
	 * @return the attempt's number (1 for the first failure) and how long to wait before the next one, or that the
	 * record is to be dead-lettered now ({@link BackOffExecution#STOP})
	 */
	public Attempt failed(ConsumerRecord<?, ?> record, Exception exception, BackOff backOff, boolean retryable) {
		// a record given up on that fails again could not be dead-lettered: it starts its retries anew
		Failure failure = this.failures.compute(Position.of(record),
				(position, previous) -> (previous == null) ? new Failure(backOff.start(), exception, 1, false)
						: new Failure(previous.givenUp() ? backOff.start() : previous.backOff(), exception,
								previous.attempts() + 1, false));
		long delay = retryable ? failure.backOff().nextBackOff() : BackOffExecution.STOP;
		if (delay == BackOffExecution.STOP) {
			this.failures.put(Position.of(record),
					new Failure(failure.backOff(), failure.exception(), failure.attempts(), true));
		}
		return new Attempt(failure.attempts(), delay);
	}

	/** Why the record is to go to its dead-letter topic, or {@code null} if it is to be processed. */
	public @Nullable Exception deadLetterReason(ConsumerRecord<?, ?> record) {
		Failure failure = this.failures.get(Position.of(record));
		return (failure != null && failure.givenUp()) ? failure.exception() : null;
	}

	/** Forgets the failures before each partition's first record in the batch: their transaction committed. */
	void batchStarts(List<? extends ConsumerRecord<?, ?>> batch) {
		if (this.failures.isEmpty()) {
			return;
		}
		Map<TopicPartition, Long> starts = new HashMap<>();
		for (ConsumerRecord<?, ?> record : batch) {
			starts.merge(new TopicPartition(record.topic(), record.partition()), record.offset(), Math::min);
		}
		this.failures.keySet().removeIf((position) -> {
			Long start = starts.get(new TopicPartition(position.topic(), position.partition()));
			return start != null && position.offset() < start;
		});
	}

	/**
	 * One failed attempt.
	 *
	 * @param number how many times the record failed so far
	 * @param delay milliseconds to wait before the next attempt, or {@link BackOffExecution#STOP} to dead-letter it
	 */
	public record Attempt(int number, long delay) {

		public boolean givesUp() {
			return this.delay == BackOffExecution.STOP;
		}

	}

	private record Position(String topic, int partition, long offset) {

		static Position of(ConsumerRecord<?, ?> record) {
			return new Position(record.topic(), record.partition(), record.offset());
		}

	}

	private record Failure(BackOffExecution backOff, Exception exception, int attempts, boolean givenUp) {
	}

}

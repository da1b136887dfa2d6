package blog.pipeline.render.system;

import java.util.List;

import blog.pipeline.render.posts.FailedRecords;
import blog.pipeline.render.posts.FailedRecords.Attempt;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.jspecify.annotations.Nullable;

import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.listener.AfterRollbackProcessor;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ContainerProperties.EOSMode;
import org.springframework.kafka.listener.ListenerUtils;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.kafka.listener.SeekUtils;
import org.springframework.util.backoff.BackOff;

/**
 * After a batch transaction rolled back: blames the record the listener named ({@link BatchListenerFailedException};
 * the batch's first record when the failure is not a record's, e.g. the commit), counts the attempt, waits out the
 * backoff and has the whole batch read again. Once the retries are spent, or at once for a page too large for any
 * record, the record is marked in {@link FailedRecords} and the listener dead-letters it when the batch comes again,
 * inside that batch's transaction. Spring Kafka 4's {@code DefaultAfterRollbackProcessor} cannot do this for a batch
 * listener: it ignores {@code BatchListenerFailedException} and either retries the batch forever or, with
 * {@code batchRecoverAfterRollback}, sends every record of the batch to the recoverer.
 */
final class BatchAfterRollbackProcessor implements AfterRollbackProcessor<Object, Object> {

	private static final LogAccessor log = new LogAccessor(BatchAfterRollbackProcessor.class);

	private final FailedRecords failures;

	private final BackOff backOff;

	private final RetryListener attempts;

	BatchAfterRollbackProcessor(FailedRecords failures, BackOff backOff, RetryListener attempts) {
		this.failures = failures;
		this.backOff = backOff;
		this.attempts = attempts;
	}

	@Override
	public void process(List<ConsumerRecord<Object, Object>> records, Consumer<Object, Object> consumer,
			@Nullable MessageListenerContainer container, Exception exception, boolean recoverable,
			EOSMode eosMode) {
		ConsumerRecord<?, ?> failed = blamed(records, exception);
		Attempt attempt = this.failures.failed(failed, exception, this.backOff, isRetryable(exception));
		this.attempts.failedDelivery(failed, exception, attempt.number());
		SeekUtils.doSeeksToBegin(List.copyOf(records), consumer, log);
		if (!attempt.givesUp() && container != null) {
			try {
				ListenerUtils.stoppableSleep(container, attempt.delay());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private static ConsumerRecord<?, ?> blamed(List<ConsumerRecord<Object, Object>> records, Exception exception) {
		for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
			if (cause instanceof BatchListenerFailedException failed) {
				if (failed.getRecord() != null) {
					return failed.getRecord();
				}
				if (failed.getIndex() >= 0 && failed.getIndex() < records.size()) {
					return records.get(failed.getIndex());
				}
			}
		}
		return records.get(0);
	}

	/** A page too large for any record would be too large again. */
	private static boolean isRetryable(Exception exception) {
		for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
			if (cause instanceof RecordTooLargeException) {
				return false;
			}
		}
		return true;
	}

}

package blog.pipeline.render.system;

import blog.pipeline.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.listener.RetryListener;

/** Logs each failed attempt at a record and where it ended, so a dead letter is never silent. */
class FailedRecordLogger implements RetryListener {

	private static final Logger logger = LoggerFactory.getLogger(FailedRecordLogger.class);

	@Override
	public void failedDelivery(ConsumerRecord<?, ?> record, Exception ex, int deliveryAttempt) {
		logger.warn("Attempt {} at {} failed: {}", deliveryAttempt, describe(record), reason(ex));
	}

	@Override
	public void recovered(ConsumerRecord<?, ?> record, Exception ex) {
		logger.warn("{} sent to {}: {}", describe(record), Topics.deadLetterOf(record.topic()), reason(ex));
	}

	private static String describe(ConsumerRecord<?, ?> record) {
		return "record " + record.topic() + "-" + record.partition() + "@" + record.offset() + " (key "
				+ record.key() + ")";
	}

	private static String reason(Exception ex) {
		Throwable cause = NestedExceptionUtils.getMostSpecificCause(ex);
		return cause.getClass().getSimpleName() + ": " + cause.getMessage();
	}

}

package blog.pipeline.render.system;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import blog.pipeline.events.Topics;
import blog.pipeline.render.posts.FailedRecords;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ContainerProperties.EOSMode;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.util.backoff.FixedBackOff;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What happens after a batch transaction rolled back: which record is blamed, when it is given up on, and where each
 * partition of the batch is read again from. Kafka's {@link MockConsumer} stands for the container's consumer (no
 * broker: the seeks are what is checked).
 */
class BatchAfterRollbackProcessorTests {

	private static final TopicPartition P0 = new TopicPartition(Topics.POSTS_SUBMITTED, 0);

	private static final TopicPartition P1 = new TopicPartition(Topics.POSTS_SUBMITTED, 1);

	private final MockConsumer<Object, Object> consumer = new MockConsumer<>("earliest");

	private final FailedRecords failures = new FailedRecords();

	private final List<String> attempts = new ArrayList<>();

	private final BatchAfterRollbackProcessor processor = new BatchAfterRollbackProcessor(this.failures,
			new FixedBackOff(0, 2), new RetryListener() {

				@Override
				public void failedDelivery(ConsumerRecord<?, ?> record, Exception ex, int deliveryAttempt) {
					BatchAfterRollbackProcessorTests.this.attempts.add(record.offset() + "#" + deliveryAttempt);
				}

			});

	private final List<ConsumerRecord<Object, Object>> batch = List.of(record(P0, 10), record(P1, 40), record(P0, 11),
			record(P1, 41), record(P0, 12));

	@BeforeEach
	void consumerReadBeyondTheBatch() {
		this.consumer.assign(List.of(P0, P1));
		this.consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
		this.consumer.seek(P0, 13);
		this.consumer.seek(P1, 42);
	}

	@Test
	void recordTheListenerNamedIsRetriedThenGivenUpOnAndEveryPartitionIsReadAgainFromTheBatchStart() {
		ConsumerRecord<Object, Object> poison = this.batch.get(2);
		Exception failure = new ListenerExecutionFailedException("listener failed",
				new BatchListenerFailedException("send failed", new IllegalStateException("no ack"), poison));

		for (int attempt = 1; attempt <= 3; attempt++) {
			assertThat(this.failures.deadLetterReason(poison)).as("before attempt %d", attempt).isNull();
			process(failure);
			assertThat(this.consumer.position(P0)).isEqualTo(10);
			assertThat(this.consumer.position(P1)).isEqualTo(40);
			this.consumer.seek(P0, 13);
		}

		assertThat(this.attempts).containsExactly("11#1", "11#2", "11#3");
		assertThat(this.failures.deadLetterReason(poison)).as("given up after 2 retries").isSameAs(failure);
		assertThat(this.batch).filteredOn((record) -> record != poison)
			.allSatisfy((record) -> assertThat(this.failures.deadLetterReason(record)).isNull());
	}

	@Test
	void pageTooLargeForAnyRecordIsGivenUpOnAtOnce() {
		ConsumerRecord<Object, Object> tooLarge = this.batch.get(3);
		Exception failure = new BatchListenerFailedException("send failed",
				new IllegalStateException("not sent", new RecordTooLargeException("max.request.size")), tooLarge);

		process(failure);

		assertThat(this.failures.deadLetterReason(tooLarge)).isSameAs(failure);
		assertThat(this.consumer.position(P1)).isEqualTo(40);
	}

	@Test
	void failureThatNamesNoRecordIsBlamedOnTheFirstRecordOfTheBatch() {
		process(new IllegalStateException("commit failed"));

		assertThat(this.attempts).containsExactly("10#1");
		assertThat(this.failures.deadLetterReason(this.batch.get(0))).as("one failure is not enough").isNull();
	}

	private void process(Exception failure) {
		this.processor.process(this.batch, this.consumer, null, failure, false, EOSMode.V2);
	}

	private static ConsumerRecord<Object, Object> record(TopicPartition partition, long offset) {
		return new ConsumerRecord<>(partition.topic(), partition.partition(), offset, "key-" + offset, "value");
	}

}

package blog.pipeline.render.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import blog.pipeline.events.Topics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.MessageListenerContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * The error handler the listener containers get: which failures of a batch's record are retried and which are
 * dead-lettered at once, and that the records before the failed one are committed, not read again.
 */
class ErrorHandlingConfigurationTests {

	private static final TopicPartition PARTITION = new TopicPartition(Topics.POSTS_SUBMITTED, 0);

	private final List<ConsumerRecord<?, ?>> deadLettered = new ArrayList<>();

	private final DefaultErrorHandler handler = new ErrorHandlingConfiguration().kafkaErrorHandler(
			(record, exception) -> this.deadLettered.add(record),
			new RetryProperties(Duration.ofMillis(1), 2.0, Duration.ofMillis(2), 2));

	@SuppressWarnings("unchecked")
	private final Consumer<Object, Object> consumer = mock(Consumer.class);

	private final MessageListenerContainer container = mock(MessageListenerContainer.class);

	private final List<ConsumerRecord<Object, Object>> batch = List.of(record(10, "post-1"), record(11, "post-2"),
			record(12, "post-3"));

	ErrorHandlingConfigurationTests() {
		when(this.container.isRunning()).thenReturn(true);
		when(this.container.getContainerProperties()).thenReturn(new ContainerProperties(Topics.POSTS_SUBMITTED));
	}

	private static ConsumerRecord<Object, Object> record(long offset, String key) {
		return new ConsumerRecord<>(PARTITION.topic(), PARTITION.partition(), offset, key, "value");
	}

	/** One failed delivery of the batch, blamed on its second record; what the handler threw, if anything. */
	private Throwable failOnSecondRecord(Exception cause) {
		BatchListenerFailedException failed = new BatchListenerFailedException("Record failed", cause,
				this.batch.get(1));
		ConsumerRecords<Object, Object> records = new ConsumerRecords<>(Map.of(PARTITION, this.batch), Map.of());
		return catchThrowable(() -> this.handler.handleBatch(failed, records, this.consumer, this.container, () -> {
		}));
	}

	@Test
	void failureThatMayPassIsRetriedFromTheFailedRecordAndDeadLetteredOnceTheRetriesAreSpent() {
		Exception unavailable = new ExecutionException(new TimeoutException("broker unavailable"));

		failOnSecondRecord(unavailable);
		failOnSecondRecord(unavailable);

		assertThat(this.deadLettered).as("two retries allowed").isEmpty();
		verify(this.consumer, atLeastOnce()).seek(PARTITION, 11);
		verify(this.consumer, never()).seek(PARTITION, 10);

		failOnSecondRecord(unavailable);

		assertThat(this.deadLettered).containsExactly(this.batch.get(1));
	}

	@Test
	void pageTooLargeForAnyRecordIsDeadLetteredAtOnce() {
		failOnSecondRecord(new ExecutionException(new RecordTooLargeException("page too large")));

		assertThat(this.deadLettered).containsExactly(this.batch.get(1));
	}

	@Test
	void recordsBeforeTheFailedOneAreCommittedNotReadAgain() {
		failOnSecondRecord(new ExecutionException(new TimeoutException("broker unavailable")));

		verify(this.consumer).commitSync(eq(Map.of(PARTITION, new OffsetAndMetadata(11))), any());
	}

}

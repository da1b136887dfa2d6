package blog.pipeline.ingest.system;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TopicTailerTests {

	@Test
	void readsCommittedRecordsWithoutAGroupAndFetchesAsSoonAsARecordIsThere() {
		Map<String, Object> consumer = tailer().consumerProperties();

		assertThat(consumer).doesNotContainKey(ConsumerConfig.GROUP_ID_CONFIG)
			.containsEntry(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092")
			.containsEntry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")
			.containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
			.doesNotContainKeys(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG);
	}

	@Test
	void aTailerInBatchesFetchesPerQuarterSecondOrMegabyteRatherThanPerRecord() {
		Map<String, Object> consumer = tailer().inBatches().consumerProperties();

		assertThat(consumer).containsEntry(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1024 * 1024)
			.containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 250)
			.containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
	}

	private static TopicTailer tailer() {
		return new TopicTailer("test-reader", Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092",
				ConsumerConfig.GROUP_ID_CONFIG, "ingest-service"), List.of("posts.published"), (record) -> {
				}, () -> {
				});
	}

}

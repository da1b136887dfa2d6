package blog.pipeline.publish.authorindex;

import java.util.ArrayList;
import java.util.List;

import blog.pipeline.events.Topics;
import blog.pipeline.publish.tracing.RecordTraces;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.stereotype.Component;

/**
 * Consumes {@link Topics#PUBLISH_AUTHOR_INDEX} in batches (each partition, and so each author, has one consumer in
 * the group) and hands them to the {@link AuthorIndexWriter}. An unreadable record is dead-lettered after the records
 * before it are applied; a failed batch is retried from its first record.
 */
@Component
class AuthorIndexListener {

	private static final Logger log = LoggerFactory.getLogger(AuthorIndexListener.class);

	private final AuthorIndexWriter writer;

	private final RecordTraces traces;

	AuthorIndexListener(AuthorIndexWriter writer, RecordTraces traces) {
		this.writer = writer;
		this.traces = traces;
	}

	@KafkaListener(id = "publish-author-index", groupId = "${spring.application.name}.author-index",
			topics = Topics.PUBLISH_AUTHOR_INDEX, batch = "true", containerFactory = "authorIndexContainerFactory")
	void onBatch(List<ConsumerRecord<String, @Nullable AuthorIndexChange>> records) {
		try (RecordTraces.Batch traces = this.traces.batch("author-index")) {
			try {
				onBatch(records, traces);
			}
			catch (RuntimeException ex) {
				traces.error(ex);
				throw ex;
			}
		}
	}

	private void onBatch(List<ConsumerRecord<String, @Nullable AuthorIndexChange>> records, RecordTraces.Batch traces) {
		List<ConsumerRecord<String, AuthorIndexChange>> readable = new ArrayList<>(records.size());
		for (ConsumerRecord<String, @Nullable AuthorIndexChange> record : records) {
			if (record.value() == null) {
				write(readable, records, traces);
				throw new BatchListenerFailedException("Unreadable author index record " + KafkaUtils.format(record),
						record);
			}
			readable.add(readable(record));
		}
		write(readable, records, traces);
	}

	@SuppressWarnings("unchecked")
	private static ConsumerRecord<String, AuthorIndexChange> readable(
			ConsumerRecord<String, @Nullable AuthorIndexChange> record) {
		return (ConsumerRecord<String, AuthorIndexChange>) (ConsumerRecord<?, ?>) record;
	}

	private void write(List<ConsumerRecord<String, AuthorIndexChange>> readable,
			List<ConsumerRecord<String, @Nullable AuthorIndexChange>> records, RecordTraces.Batch traces) {
		try {
			this.writer.write(readable, traces);
		}
		catch (RuntimeException ex) {
			ConsumerRecord<String, @Nullable AuthorIndexChange> first = records.get(0);
			log.warn("Writing author indexes for {} changes failed, retrying from {}: {}", readable.size(),
					KafkaUtils.format(first), NestedExceptionUtils.getMostSpecificCause(ex).toString());
			throw new BatchListenerFailedException("Could not write author indexes; retrying from "
					+ KafkaUtils.format(first), ex, first);
		}
	}

}

package blog.pipeline.publish.authorindex;

import java.util.ArrayList;
import java.util.List;

import blog.pipeline.events.Topics;
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

	AuthorIndexListener(AuthorIndexWriter writer) {
		this.writer = writer;
	}

	@KafkaListener(id = "publish-author-index", groupId = "${spring.application.name}.author-index",
			topics = Topics.PUBLISH_AUTHOR_INDEX, batch = "true", containerFactory = "authorIndexContainerFactory")
	void onBatch(List<ConsumerRecord<String, @Nullable AuthorIndexChange>> records) {
		List<ConsumerRecord<String, AuthorIndexChange>> readable = new ArrayList<>(records.size());
		for (ConsumerRecord<String, @Nullable AuthorIndexChange> record : records) {
			if (record.value() == null) {
				write(readable, records);
				throw new BatchListenerFailedException("Unreadable author index record " + KafkaUtils.format(record),
						record);
			}
			readable.add(readable(record));
		}
		write(readable, records);
	}

	@SuppressWarnings("unchecked")
	private static ConsumerRecord<String, AuthorIndexChange> readable(
			ConsumerRecord<String, @Nullable AuthorIndexChange> record) {
		return (ConsumerRecord<String, AuthorIndexChange>) (ConsumerRecord<?, ?>) record;
	}

	private void write(List<ConsumerRecord<String, AuthorIndexChange>> readable,
			List<ConsumerRecord<String, @Nullable AuthorIndexChange>> records) {
		try {
			this.writer.write(readable);
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

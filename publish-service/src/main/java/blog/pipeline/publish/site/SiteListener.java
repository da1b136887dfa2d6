package blog.pipeline.publish.site;

import java.util.ArrayList;
import java.util.List;

import blog.pipeline.events.Topics;
import blog.pipeline.publish.tracing.RecordTraces;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.event.ListenerContainerIdleEvent;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.stereotype.Component;

/**
 * Consumes {@link Topics#PUBLISH_SITE_INDEX} (one partition: one writer of the site-wide pages in the whole group) in
 * batches and hands them to the {@link SiteWriter}. An unreadable record is dead-lettered after the records before
 * it are applied; a failed batch is retried from its first record. When no record came for a second (with a
 * {@code pipeline.publish.sitemap-delay}), the writer writes the sitemap parts it put off (see
 * {@link SiteWriter#writeDue()}).
 */
@Component
class SiteListener {

	private static final Logger log = LoggerFactory.getLogger(SiteListener.class);

	private final SiteWriter writer;

	private final RecordTraces traces;

	SiteListener(SiteWriter writer, RecordTraces traces) {
		this.writer = writer;
		this.traces = traces;
	}

	@KafkaListener(id = "publish-site", groupId = "${spring.application.name}.site",
			topics = Topics.PUBLISH_SITE_INDEX, batch = "true", containerFactory = "siteIndexContainerFactory")
	void onBatch(List<ConsumerRecord<String, @Nullable SiteChange>> records) {
		try (RecordTraces.Batch traces = this.traces.batch("site")) {
			try {
				onBatch(records, traces);
			}
			catch (RuntimeException ex) {
				traces.error(ex);
				throw ex;
			}
		}
	}

	private void onBatch(List<ConsumerRecord<String, @Nullable SiteChange>> records, RecordTraces.Batch traces) {
		List<ConsumerRecord<String, SiteChange>> readable = new ArrayList<>(records.size());
		for (ConsumerRecord<String, @Nullable SiteChange> record : records) {
			if (record.value() == null) {
				write(readable, records, traces);
				throw new BatchListenerFailedException("Unreadable site index record " + KafkaUtils.format(record),
						record);
			}
			readable.add(readable(record));
		}
		write(readable, records, traces);
	}

	/**
	 * The container's idle event (see the site container factory's idle interval), published on its consumer thread
	 * between polls, so the writer has the site shelf to itself as in a batch. A failure is logged; the next idle
	 * event or batch tries again.
	 */
	@EventListener(condition = "event.listenerId.startsWith('publish-site')")
	void onIdle(ListenerContainerIdleEvent event) {
		TopicPartition site = new TopicPartition(Topics.PUBLISH_SITE_INDEX, SiteWriter.SITE_PARTITION);
		if (!event.getTopicPartitions().contains(site)) {
			return;
		}
		try {
			this.writer.writeDue();
		}
		catch (RuntimeException ex) {
			log.warn("Could not write the sitemap parts that were put off, trying again later: {}",
					NestedExceptionUtils.getMostSpecificCause(ex).toString());
		}
	}

	@SuppressWarnings("unchecked")
	private static ConsumerRecord<String, SiteChange> readable(ConsumerRecord<String, @Nullable SiteChange> record) {
		return (ConsumerRecord<String, SiteChange>) (ConsumerRecord<?, ?>) record;
	}

	private void write(List<ConsumerRecord<String, SiteChange>> readable,
			List<ConsumerRecord<String, @Nullable SiteChange>> records, RecordTraces.Batch traces) {
		try {
			this.writer.write(readable, traces);
		}
		catch (RuntimeException ex) {
			ConsumerRecord<String, @Nullable SiteChange> first = records.get(0);
			log.warn("Writing the site-wide pages for {} changes failed, retrying from {}: {}", readable.size(),
					KafkaUtils.format(first), NestedExceptionUtils.getMostSpecificCause(ex).toString());
			throw new BatchListenerFailedException("Could not write the site-wide pages; retrying from "
					+ KafkaUtils.format(first), ex, first);
		}
	}

}

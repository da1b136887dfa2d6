package blog.pipeline.support;

import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;

import org.springframework.kafka.config.TopicBuilder;
import org.springframework.util.unit.DataSize;

/**
 * The one record size limit of the pipeline's topics ({@code pipeline.topics.max-record-size}, env
 * {@code PIPELINE_TOPICS_MAX_RECORD_SIZE}), applied the same way by every service that declares a topic or produces
 * to one: several services declare the same topics and whichever starts first creates them, and a record one service
 * may write must fit every topic it travels through.
 * <ul>
 * <li>Topics accept batches of up to the limit ({@code max.message.bytes}, checked by the broker on the compressed
 * batch). The default, 8 MiB, holds the largest draft the API accepts (1 MiB of Markdown) and its page, JSON-escaped,
 * with room to spare; producers compress with zstd, so text records take far less.</li>
 * <li>Dead-letter topics accept twice the limit: a dead letter is the failed record, which may be close to the limit
 * and incompressible (garbage), plus Spring Kafka's exception headers. A dead letter that does not fit would fail its
 * recovery and hold its partition forever.</li>
 * <li>Producers send records of up to twice the limit before compression ({@code max.request.size} is checked on the
 * uncompressed record), so any dead letter can be sent; a record beyond it fails at once with
 * {@link org.apache.kafka.common.errors.RecordTooLargeException}, which never heals on a retry.</li>
 * </ul>
 */
public final class RecordSizes {

	/** The default limit, as a {@link DataSize} string. */
	public static final String DEFAULT_MAX_RECORD_SIZE = "8MB";

	private RecordSizes() {
	}

	/** A topic that takes records up to {@code maxRecordSize}. */
	public static TopicBuilder topic(TopicBuilder topic, DataSize maxRecordSize) {
		return topic.config(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(bytes(maxRecordSize)));
	}

	/** A dead-letter topic: twice {@code maxRecordSize}, so the record and its exception headers always fit. */
	public static TopicBuilder deadLetterTopic(TopicBuilder topic, DataSize maxRecordSize) {
		return topic.config(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(2 * bytes(maxRecordSize)));
	}

	/** Producer settings: zstd compression and records up to twice {@code maxRecordSize} before compression. */
	public static Map<String, Object> producerSettings(DataSize maxRecordSize) {
		return Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * bytes(maxRecordSize),
				ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
	}

	private static int bytes(DataSize size) {
		return Math.toIntExact(size.toBytes());
	}

}

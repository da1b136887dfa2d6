package blog.pipeline.ingest.ops;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import blog.pipeline.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import org.springframework.kafka.support.KafkaHeaders;

/**
 * The topics a dead letter may be re-driven to, and the one place that decides where a dead letter goes back to.
 * <p>
 * A re-drive writes an arbitrary record (key, value, headers) with ingest's credentials, so its target must never come
 * from the record itself: the {@code kafka_dlt-original-topic} header is as writable as the value by anyone who can
 * produce to a dead-letter topic, and a crafted one could aim a re-drive at ingest's own compacted state topic
 * ({@code ingest.state}), the catalog or the re-drive log. The target is therefore the dead-letter topic's own name
 * without its {@code .DLT} suffix; it must be one of {@link #TOPICS}, and a recoverer's header, where present, must
 * name that same topic (else the letter is inconsistent and refused).
 */
final class RedriveTargets {

	/**
	 * The topics whose dead letters are listed and re-driven: exactly the consumed topics that have a dead-letter
	 * topic (render: posts.submitted, posts.replay; publish: posts.rendered and its two internal stages). Every other
	 * topic, above all the compacted state of ingest ({@code ingest.state}, {@code ingest.ops.redriven}) and publish
	 * ({@code posts.catalog}), is never written by a re-drive, and no {@code .DLT} of it is even read.
	 */
	static final List<String> TOPICS = List.of(Topics.POSTS_SUBMITTED, Topics.POSTS_REPLAY, Topics.POSTS_RENDERED,
			Topics.PUBLISH_AUTHOR_INDEX, Topics.PUBLISH_SITE_INDEX);

	private RedriveTargets() {
	}

	/** The topic a dead-letter topic belongs to: {@code X} for {@code X.DLT}; none if the name has no suffix. */
	static Optional<String> baseOf(String deadLetterTopic) {
		if (!deadLetterTopic.endsWith(Topics.DEAD_LETTER_SUFFIX)) {
			return Optional.empty();
		}
		return Optional.of(deadLetterTopic.substring(0, deadLetterTopic.length() - Topics.DEAD_LETTER_SUFFIX.length()));
	}

	/** Whether this is the dead-letter topic of a re-drivable topic: only those are read at all. */
	static boolean isReadable(String topic) {
		return baseOf(topic).filter(TOPICS::contains).isPresent();
	}

	/** Refuses a re-drive from this topic unless it is the dead-letter topic of a re-drivable topic. */
	static void checkReadable(Position position) {
		if (!isReadable(position.topic())) {
			throw new RedriveRefusedException(position, RedriveRefusedException.Reason.NOT_REDRIVABLE,
					"%s is not the dead-letter topic of a re-drivable topic (%s); its records are never re-driven."
						.formatted(printable(position.topic()), String.join(", ", TOPICS)));
		}
	}

	/**
	 * Where this dead letter goes back to: the base of its dead-letter topic, if that is re-drivable and every
	 * original-topic header of the record names it.
	 * @throws RedriveRefusedException if it is not re-drivable or a header names another topic
	 */
	static String targetOf(ConsumerRecord<?, ?> record) {
		Position position = new Position(record.topic(), record.partition(), record.offset());
		checkReadable(position);
		String target = baseOf(record.topic()).orElseThrow();
		for (Header header : record.headers().headers(KafkaHeaders.DLT_ORIGINAL_TOPIC)) {
			String named = (header.value() != null) ? new String(header.value(), StandardCharsets.UTF_8) : "";
			if (!target.equals(named)) {
				throw new RedriveRefusedException(position, RedriveRefusedException.Reason.INCONSISTENT,
						"its %s header names \"%s\", not %s, the topic its dead-letter topic belongs to; an "
							.formatted(KafkaHeaders.DLT_ORIGINAL_TOPIC, printable(named), target)
								+ "inconsistent letter is not re-driven anywhere.");
			}
		}
		return target;
	}

	/** A name from a request or a record as it may appear in a message and the log: topic characters only. */
	static String printable(String name) {
		String shown = (name.length() > 249) ? name.substring(0, 249) + "…" : name;
		return shown.replaceAll("[^A-Za-z0-9._-]", "?");
	}

}

package blog.pipeline.ingest.progress;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

import blog.pipeline.events.PostEvent;
import blog.pipeline.events.PostPublished;
import blog.pipeline.events.PostRendered;
import blog.pipeline.events.PostUnpublished;
import blog.pipeline.events.ReplayHeader;
import blog.pipeline.events.Topics;
import blog.pipeline.ingest.system.TopicTailer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.stereotype.Component;

/**
 * Where each post is in the pipeline, as this instance learned it from the topics downstream. A plain in-memory view,
 * rebuilt on start by {@link ProgressTopicsTailer} from the beginning of those topics.
 */
@Component
public class PipelineProgress {

	/** The topics whose records tell how far posts got. */
	static final List<String> TOPICS = List.of(Topics.POSTS_RENDERED, Topics.POSTS_PUBLISHED,
			Topics.deadLetterOf(Topics.POSTS_SUBMITTED), Topics.deadLetterOf(Topics.POSTS_RENDERED),
			Topics.deadLetterOf(Topics.POSTS_REPLAY));

	private final Map<String, PostProgress> posts = new ConcurrentHashMap<>();

	private final List<TopicTailer.RecordHandler> followers = new CopyOnWriteArrayList<>();

	private final JsonMapper json = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	public PostProgress of(String postId) {
		return this.posts.getOrDefault(postId, PostProgress.NONE);
	}

	/**
	 * Hands {@code follower} every record this view reads from now on (the published and dead-letter topics among
	 * them), e.g. to count a full replay's progress.
	 */
	public void follow(TopicTailer.RecordHandler follower) {
		this.followers.add(follower);
	}

	/** Takes one record of {@link #TOPICS} into account. */
	void record(ConsumerRecord<String, byte @Nullable []> record) {
		for (TopicTailer.RecordHandler follower : this.followers) {
			follower.handle(record);
		}
		String postId = record.key();
		byte[] value = record.value();
		if (postId == null) {
			return;
		}
		if (record.topic().endsWith(Topics.DEAD_LETTER_SUFFIX)) {
			if (record.headers().lastHeader(ReplayHeader.NAME) != null) {
				// a replayed copy failed: the live page is still the one published before, the replay reports it
				return;
			}
			update(postId, (progress) -> progress.withFailed(failure(record, value)));
			return;
		}
		if (value == null) {
			return;
		}
		PostEvent event = this.json.readValue(value, PostEvent.class);
		if (event instanceof PostRendered rendered) {
			update(postId,
					(progress) -> progress.withRendered(new PostProgress.Stage(rendered.version(), rendered.renderedAt())));
		}
		else if (event instanceof PostPublished published) {
			update(postId, (progress) -> progress.withPublished(
					new PostProgress.Published(published.version(), published.url(), published.publishedAt())));
		}
		else if (event instanceof PostUnpublished unpublished) {
			update(postId, (progress) -> progress
				.withUnpublished(new PostProgress.Stage(unpublished.version(), unpublished.unpublishedAt())));
		}
	}

	private PostProgress.Failure failure(ConsumerRecord<String, byte[]> record, byte @Nullable [] value) {
		long version = -1;
		if (value != null) {
			try {
				JsonNode tree = this.json.readTree(value);
				JsonNode versionNode = tree.get("version");
				version = (versionNode != null && versionNode.isNumber()) ? versionNode.asLong() : -1;
			}
			catch (tools.jackson.core.JacksonException ex) {
				// A poison record: its version is unknown, the reason still tells what happened.
			}
		}
		String reason = header(record, KafkaHeaders.DLT_EXCEPTION_MESSAGE);
		String topic = header(record, KafkaHeaders.DLT_ORIGINAL_TOPIC);
		return new PostProgress.Failure(version, (reason != null) ? reason : "unknown failure",
				(topic != null) ? topic : record.topic(), Instant.ofEpochMilli(record.timestamp()));
	}

	private static @Nullable String header(ConsumerRecord<String, byte[]> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null && header.value() != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	private void update(String postId, UnaryOperator<PostProgress> change) {
		this.posts.compute(postId, (id, old) -> change.apply((old != null) ? old : PostProgress.NONE));
	}

}

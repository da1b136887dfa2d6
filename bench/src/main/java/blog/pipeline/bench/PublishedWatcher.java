package blog.pipeline.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import blog.pipeline.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * Follows the pipeline's topics from outside, as a downstream reader would ({@code read_committed}), and notes when
 * each post version reached each {@link Stage}: rendered, its page written, its author's pages written, announced
 * live. It reads only the few fields it needs from each record and skips the rest (a {@code PostRendered} carries the
 * whole page), so that measuring takes as little as possible of the CPU the pipeline runs on.
 */
final class PublishedWatcher implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** The points a post version passes, in order, and the topic whose record marks each. */
	enum Stage {

		/** render-service committed its {@code PostRendered}. */
		RENDERED(Topics.POSTS_RENDERED),

		/** publish-service wrote the post page and handed the change to the author index stage. */
		PAGE_WRITTEN(Topics.PUBLISH_AUTHOR_INDEX),

		/** publish-service wrote the author's pages and handed the change to the site stage. */
		AUTHOR_PAGES_WRITTEN(Topics.PUBLISH_SITE_INDEX),

		/** publish-service wrote the site-wide pages and announced {@code PostPublished}. */
		LIVE(Topics.POSTS_PUBLISHED);

		private final String topic;

		Stage(String topic) {
			this.topic = topic;
		}

	}

	private final Map<Stage, Map<String, Long>> reachedAt = new ConcurrentHashMap<>();

	/** When each withdrawn version's {@code PostUnpublished} was seen. */
	private final Map<String, Long> withdrawnAt = new ConcurrentHashMap<>();

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final Thread thread;

	PublishedWatcher(String bootstrapServers) {
		Properties props = new Properties();
		props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-watcher-" + UUID.randomUUID());
		props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
		props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "20");
		KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
				new ByteArrayDeserializer());
		for (Stage stage : Stage.values()) {
			this.reachedAt.put(stage, new ConcurrentHashMap<>());
		}
		consumer.subscribe(List.of(Stage.values()).stream().map((stage) -> stage.topic).toList());
		// join the group and take the end offsets before anything is sent
		while (consumer.assignment().isEmpty()) {
			consumer.poll(Duration.ofMillis(100));
		}
		this.thread = new Thread(() -> {
			try (consumer) {
				while (this.running.get()) {
					for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(50))) {
						note(record, System.nanoTime());
					}
				}
			}
		}, "published-watcher");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	private void note(ConsumerRecord<String, byte[]> record, long now) {
		if (record.value() == null) {
			return;
		}
		for (Stage stage : Stage.values()) {
			if (!stage.topic.equals(record.topic())) {
				continue;
			}
			Marks marks = Marks.read(record.value());
			if (stage == Stage.LIVE && "PostUnpublished".equals(marks.type) && marks.postId != null) {
				this.withdrawnAt.putIfAbsent(key(marks.postId, marks.version), now);
			}
			boolean counts = switch (stage) {
				case RENDERED -> "PostRendered".equals(marks.type);
				case PAGE_WRITTEN -> marks.primary;
				case AUTHOR_PAGES_WRITTEN -> true;
				case LIVE -> "PostPublished".equals(marks.type);
			};
			if (counts && marks.postId != null) {
				this.reachedAt.get(stage).putIfAbsent(key(marks.postId, marks.version), now);
			}
		}
	}

	/** When (System.nanoTime) the version went live, or {@code null} if not yet. */
	Long liveAt(String postId, long version) {
		return reachedAt(Stage.LIVE, postId, version);
	}

	/** When (System.nanoTime) the version reached {@code stage}, or {@code null} if not yet. */
	Long reachedAt(Stage stage, String postId, long version) {
		return this.reachedAt.get(stage).get(key(postId, version));
	}

	/** When (System.nanoTime) the withdrawal of the version was announced, or {@code null} if not yet. */
	Long withdrawnAt(String postId, long version) {
		return this.withdrawnAt.get(key(postId, version));
	}

	int postsLive() {
		return this.reachedAt.get(Stage.LIVE).size();
	}

	private static String key(String postId, long version) {
		return postId + "@" + version;
	}

	/**
	 * The fields of a record that say which post version it is about and whether it marks a stage: the events carry
	 * the post and version at the top, the publish stages' changes in their catalog {@code entry}.
	 */
	static final class Marks {

		@Nullable String type;

		@Nullable String postId;

		long version;

		boolean primary;

		static Marks read(byte[] json) {
			Marks marks = new Marks();
			try (JsonParser parser = JSON.createParser(json)) {
				if (parser.nextToken() != JsonToken.START_OBJECT) {
					return marks;
				}
				boolean fromEntry = false;
				while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
					String name = parser.currentName();
					JsonToken value = parser.nextToken();
					if (fromEntry && (name.equals("postId") || name.equals("version"))) {
						continue;
					}
					switch (name) {
						case "type" -> marks.type = parser.getValueAsString();
						case "primary" -> marks.primary = value == JsonToken.VALUE_TRUE;
						case "postId" -> marks.postId = parser.getValueAsString();
						case "version" -> marks.version = parser.getValueAsLong();
						case "entry" -> fromEntry = marks.readEntry(parser);
						default -> parser.skipChildren();
					}
				}
			}
			return marks;
		}

		/** Reads the post and version of a catalog entry, which take precedence over any at the top; false if none. */
		private boolean readEntry(JsonParser parser) {
			if (!parser.hasToken(JsonToken.START_OBJECT)) {
				parser.skipChildren();
				return false;
			}
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String name = parser.currentName();
				parser.nextToken();
				switch (name) {
					case "postId" -> this.postId = parser.getValueAsString();
					case "version" -> this.version = parser.getValueAsLong();
					default -> parser.skipChildren();
				}
			}
			return true;
		}

	}

	@Override
	public void close() throws InterruptedException {
		this.running.set(false);
		this.thread.join(5000);
	}

}

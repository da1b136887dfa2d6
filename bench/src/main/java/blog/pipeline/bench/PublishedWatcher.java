package blog.pipeline.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import blog.pipeline.events.PostEvent;
import blog.pipeline.events.PostPublished;
import blog.pipeline.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.json.JsonMapper;

/** Follows {@code posts.published} and notes when each post version went live, as seen from outside. */
final class PublishedWatcher implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Map<String, Map<Long, Long>> liveAt = new ConcurrentHashMap<>();

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final Thread thread;

	PublishedWatcher(String bootstrapServers) {
		Properties props = new Properties();
		props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-watcher-" + UUID.randomUUID());
		props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
		props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "20");
		KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
				new StringDeserializer());
		consumer.subscribe(List.of(Topics.POSTS_PUBLISHED));
		// join the group and take the end offsets before anything is sent
		while (consumer.assignment().isEmpty()) {
			consumer.poll(Duration.ofMillis(100));
		}
		this.thread = new Thread(() -> {
			try (consumer) {
				while (this.running.get()) {
					for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(50))) {
						long now = System.nanoTime();
						PostEvent event = JSON.readValue(record.value(), PostEvent.class);
						if (event instanceof PostPublished published) {
							this.liveAt.computeIfAbsent(published.postId(), (id) -> new ConcurrentHashMap<>())
								.putIfAbsent(published.version(), now);
						}
					}
				}
			}
		}, "published-watcher");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	/** When (System.nanoTime) the version went live, or {@code null} if not yet. */
	Long liveAt(String postId, long version) {
		Map<Long, Long> versions = this.liveAt.get(postId);
		return (versions != null) ? versions.get(version) : null;
	}

	int postsLive() {
		return this.liveAt.size();
	}

	@Override
	public void close() throws InterruptedException {
		this.running.set(false);
		this.thread.join(5000);
	}

}

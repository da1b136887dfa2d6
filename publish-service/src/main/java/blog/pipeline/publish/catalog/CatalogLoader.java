package blog.pipeline.publish.catalog;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import blog.pipeline.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.support.serializer.JacksonJsonDeserializer;
import org.springframework.stereotype.Component;

/**
 * Reads the whole catalog topic into the {@link Catalog} at startup, before the listener containers start (an earlier
 * lifecycle phase), so the first batch already sees every post applied before the restart. Uses a plain consumer
 * without a group: it assigns every partition, seeks to the beginning and reads up to the end offsets.
 */
@Component
class CatalogLoader implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(CatalogLoader.class);

	private final Catalog catalog;

	private final ConsumerFactory<?, ?> consumerFactory;

	private final Settings settings;

	private volatile boolean running;

	CatalogLoader(Catalog catalog, ConsumerFactory<?, ?> consumerFactory, Settings settings) {
		this.catalog = catalog;
		this.consumerFactory = consumerFactory;
		this.settings = settings;
	}

	@Override
	public void start() {
		long started = System.nanoTime();
		int records = load();
		log.info("Loaded {} catalog entries ({} records) from {} in {} ms", this.catalog.size(), records,
				Topics.POSTS_CATALOG, Duration.ofNanos(System.nanoTime() - started).toMillis());
		this.running = true;
	}

	private int load() {
		Duration timeout = this.settings.loadTimeout();
		long deadline = System.nanoTime() + timeout.toNanos();
		try (KafkaConsumer<String, CatalogEntry> consumer = new KafkaConsumer<>(consumerProperties(),
				new StringDeserializer(), new JacksonJsonDeserializer<>(CatalogEntry.class, false))) {
			List<TopicPartition> partitions = consumer.partitionsFor(Topics.POSTS_CATALOG, timeout)
				.stream()
				.map((info) -> new TopicPartition(info.topic(), info.partition()))
				.toList();
			if (partitions.isEmpty()) {
				throw new CatalogLoadException("Topic " + Topics.POSTS_CATALOG + " does not exist");
			}
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
			int records = 0;
			while (!reachedEnd(consumer, end)) {
				if (System.nanoTime() > deadline) {
					throw new CatalogLoadException("Could not read " + Topics.POSTS_CATALOG + " to its end within "
							+ timeout + " (read " + records + " records)");
				}
				for (ConsumerRecord<String, CatalogEntry> record : consumer.poll(Duration.ofMillis(200))) {
					records++;
					if (record.value() != null) {
						this.catalog.remember(record.value());
					}
					else {
						this.catalog.forget(record.key());
					}
				}
			}
			return records;
		}
		catch (KafkaException ex) {
			throw new CatalogLoadException("Could not load the catalog from " + Topics.POSTS_CATALOG, ex);
		}
	}

	private static boolean reachedEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
		for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
			if (consumer.position(partition.getKey()) < partition.getValue()) {
				return false;
			}
		}
		return true;
	}

	/** The application's consumer settings (bootstrap servers, security, isolation) without its group. */
	private Map<String, Object> consumerProperties() {
		Map<String, Object> properties = new HashMap<>(this.consumerFactory.getConfigurationProperties());
		properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
		properties.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
		properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "publish-catalog-loader");
		properties.keySet().removeIf((key) -> key.startsWith("spring."));
		return properties;
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		// before the listener containers
		return AbstractMessageListenerContainer.DEFAULT_PHASE - 100;
	}

	/**
	 * Catalog settings.
	 *
	 * @param loadTimeout how long startup may take to read the catalog topic to its end
	 */
	@ConfigurationProperties("pipeline.catalog")
	record Settings(@DefaultValue("2m") Duration loadTimeout) {

	}

}

package blog.pipeline.publish.system;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import blog.pipeline.events.Topics;
import blog.pipeline.publish.posts.InvalidPostEventException;
import blog.pipeline.support.RecordSizes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import blog.pipeline.publish.PublishProperties;
import blog.pipeline.publish.authorindex.AuthorIndexChange;
import blog.pipeline.publish.authorindex.AuthorIndexes;
import blog.pipeline.publish.catalog.Catalog;
import blog.pipeline.publish.site.SiteChange;
import blog.pipeline.publish.site.SiteIndex;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.ConsumerAwareRecordRecoverer;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.kafka.support.serializer.JacksonJsonDeserializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Topics this service consumes and produces, the listener container of each stage (each with the rebalance listener
 * that loads its state), and what happens when a batch fails: records that can never be published go to the
 * consumed topic's {@code .DLT} (same partition), transient failures are retried without limit so the partition
 * waits and nothing is skipped, anything else is retried a few times and then dead-lettered.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

	/** How long the site stage goes without records before it writes the sitemap parts it put off. */
	static final Duration SITE_IDLE = Duration.ofSeconds(1);

	@Bean
	NewTopic postsRenderedTopic(TopicProperties topics) {
		return topic(Topics.POSTS_RENDERED, topics).build();
	}

	@Bean
	NewTopic postsRenderedDeadLetterTopic(TopicProperties topics) {
		return deadLetterTopic(Topics.POSTS_RENDERED, topics).build();
	}

	@Bean
	NewTopic postsPublishedTopic(TopicProperties topics) {
		return topic(Topics.POSTS_PUBLISHED, topics).build();
	}

	@Bean
	NewTopic postsCatalogTopic(TopicProperties topics) {
		return topic(Topics.POSTS_CATALOG, topics).compact().build();
	}

	@Bean
	NewTopic authorIndexTopic(TopicProperties topics) {
		return topic(Topics.PUBLISH_AUTHOR_INDEX, topics).compact().build();
	}

	@Bean
	NewTopic authorIndexDeadLetterTopic(TopicProperties topics) {
		return deadLetterTopic(Topics.PUBLISH_AUTHOR_INDEX, topics).build();
	}

	@Bean
	NewTopic siteIndexTopic(TopicProperties topics) {
		// one partition: the site-wide pages have exactly one writer
		return RecordSizes
			.topic(TopicBuilder.name(Topics.PUBLISH_SITE_INDEX).partitions(1).replicas(topics.replicas()),
					topics.maxRecordSize())
			.compact()
			.build();
	}

	@Bean
	NewTopic siteIndexDeadLetterTopic(TopicProperties topics) {
		return RecordSizes.deadLetterTopic(TopicBuilder.name(Topics.deadLetterOf(Topics.PUBLISH_SITE_INDEX))
			.partitions(1)
			.replicas(topics.replicas()), topics.maxRecordSize()).build();
	}

	/** Every producer of this service (events, index and catalog records, dead letters) takes the same sizes. */
	@Bean
	DefaultKafkaProducerFactoryCustomizer recordSizeProducerSettings(TopicProperties topics) {
		return (factory) -> factory.updateConfigs(RecordSizes.producerSettings(topics.maxRecordSize()));
	}

	/** Stage one, {@link Topics#POSTS_RENDERED}: loads the catalog partitions of the partitions it is assigned. */
	@Bean
	ConcurrentKafkaListenerContainerFactory<Object, Object> kafkaListenerContainerFactory(
			ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumers,
			Catalog catalog, PublishProperties properties) {
		var factory = factory(configurer, consumers, catalog.rebalanceListener(), properties.concurrency());
		// A partition written in transactions (posts.rendered as render wrote it before it went at-least-once, still
		// in the log of an upgraded pipeline) ends with a commit marker after the last record: commit the position
		// past it before the next poll, or the group's lag would stay at 1 for good. Only here: publish writes the
		// topics of stages two and three without transactions, and after each commit Spring Kafka's fix commits the
		// position again after each poll that moved it (markers or not), which undid most of the timed commits'
		// saving there (at 60 edits/s the site stage still made 1,162 commits for 2,416 records; BENCHMARKS.md,
		// session 9).
		factory.getContainerProperties().setFixTxOffsets(true);
		return factory;
	}

	/** Stage two, {@link Topics#PUBLISH_AUTHOR_INDEX}: one consumer per author partition, state read back from it. */
	@Bean
	ConcurrentKafkaListenerContainerFactory<Object, Object> authorIndexContainerFactory(
			ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumers,
			ObjectProvider<DefaultKafkaConsumerFactoryCustomizer> customizers, AuthorIndexes indexes,
			PublishProperties properties) {
		return factory(configurer,
				internal(consumers, customizers, AuthorIndexChange.class, "authorIndexConsumerFactory"),
				indexes.rebalanceListener(), properties.concurrency());
	}

	/**
	 * Stage three, {@link Topics#PUBLISH_SITE_INDEX}: one partition, one consumer; with a sitemap delay, an idle event
	 * after {@link #SITE_IDLE} (or the delay, if shorter) without records, so the sitemap parts put off are written
	 * once a burst of changes is over, without waiting for the next change.
	 */
	@Bean
	ConcurrentKafkaListenerContainerFactory<Object, Object> siteIndexContainerFactory(
			ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumers,
			ObjectProvider<DefaultKafkaConsumerFactoryCustomizer> customizers, SiteIndex site,
			PublishProperties properties) {
		var factory = factory(configurer,
				internal(consumers, customizers, SiteChange.class, "siteIndexConsumerFactory"),
				site.rebalanceListener(), 1);
		if (!properties.sitemapDelay().isZero()) {
			factory.getContainerProperties()
				.setIdleEventInterval(Math.min(SITE_IDLE.toMillis(), properties.sitemapDelay().toMillis()));
		}
		return factory;
	}

	private static ConcurrentKafkaListenerContainerFactory<Object, Object> factory(
			ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumers,
			ConsumerAwareRebalanceListener rebalanceListener, int concurrency) {
		var factory = new ConcurrentKafkaListenerContainerFactory<Object, Object>();
		configurer.configure(factory, consumers);
		factory.setConcurrency(concurrency);
		factory.getContainerProperties().setConsumerRebalanceListener(rebalanceListener);
		// Under edits each stage's batches run back to back, so a synchronous commit (a broker round trip) would add
		// to every batch. An asynchronous one, once per ack-time (application.yml), loses nothing: a commit
		// that fails or did not come yet (rebalance, crash) only has the next owner apply those records again, and
		// every stage is idempotent (the version guard skips a version the catalog has, page and index writes are
		// rewrites, announcements may repeat).
		factory.getContainerProperties().setSyncCommits(false);
		return factory;
	}

	/**
	 * The application's consumer settings, reading this service's internal records of {@code type} as JSON, with
	 * Boot's customizers (its Micrometer listener: the consumers' {@code kafka.consumer.*} client metrics, as stage
	 * one's have, tagged {@code spring.id} with {@code name}).
	 */
	@SuppressWarnings("unchecked")
	private static ConsumerFactory<Object, Object> internal(ConsumerFactory<Object, Object> consumers,
			ObjectProvider<DefaultKafkaConsumerFactoryCustomizer> customizers, Class<?> type, String name) {
		Map<String, Object> properties = new HashMap<>(consumers.getConfigurationProperties());
		properties.remove(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG);
		properties.remove(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);
		properties.keySet().removeIf((key) -> key.startsWith("spring."));
		Deserializer<?> values = new ErrorHandlingDeserializer<>(new JacksonJsonDeserializer<>(type, false));
		Deserializer<?> keys = new StringDeserializer();
		var factory = new DefaultKafkaConsumerFactory<>(properties, (Deserializer<Object>) keys,
				(Deserializer<Object>) values);
		factory.setBeanName(name);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(factory));
		return factory;
	}

	private static TopicBuilder topic(String name, TopicProperties topics) {
		return RecordSizes.topic(TopicBuilder.name(name).partitions(topics.partitions()).replicas(topics.replicas()),
				topics.maxRecordSize());
	}

	private static TopicBuilder deadLetterTopic(String topic, TopicProperties topics) {
		return RecordSizes.deadLetterTopic(
				TopicBuilder.name(Topics.deadLetterOf(topic)).partitions(topics.partitions()).replicas(topics.replicas()),
				topics.maxRecordSize());
	}

	@Bean
	RawDeadLetterTemplate rawDeadLetterTemplate(ProducerFactory<String, byte[]> producerFactory) {
		return new RawDeadLetterTemplate(new KafkaTemplate<>(producerFactory,
				Map.of(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class)));
	}

	@Bean
	DefaultErrorHandler kafkaErrorHandler(KafkaTemplate<Object, Object> template, RawDeadLetterTemplate rawTemplate,
			RetryProperties retry, MeterRegistry meters) {
		// Unreadable records carry their original bytes, which must be dead-lettered as they are, not as JSON.
		Map<Class<?>, KafkaOperations<?, ?>> templates = new LinkedHashMap<>();
		templates.put(byte[].class, rawTemplate.template());
		templates.put(Object.class, template);
		DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(templates,
				(record, ex) -> new TopicPartition(Topics.deadLetterOf(record.topic()), record.partition()));
		DefaultErrorHandler handler = new DefaultErrorHandler(counted(recoverer, meters),
				backOff(retry, retry.attempts()));
		handler.addNotRetryableExceptions(InvalidPostEventException.class);
		BackOff untilItWorks = backOff(retry, Long.MAX_VALUE);
		handler.setBackOffFunction((record, ex) -> TransientFailures.isTransient(ex) ? untilItWorks : null);
		return handler;
	}

	/**
	 * The recoverer, counting each record it dead-lettered in {@code pipeline.dead.letters}, tagged with the topic
	 * the record came from (registered up front for each consumed topic, so the series exist at zero).
	 */
	private static ConsumerAwareRecordRecoverer counted(DeadLetterPublishingRecoverer recoverer, MeterRegistry meters) {
		for (String topic : List.of(Topics.POSTS_RENDERED, Topics.PUBLISH_AUTHOR_INDEX, Topics.PUBLISH_SITE_INDEX)) {
			deadLetters(meters, topic);
		}
		return (record, consumer, ex) -> {
			recoverer.accept(record, consumer, ex);
			deadLetters(meters, record.topic()).increment();
		};
	}

	private static Counter deadLetters(MeterRegistry meters, String topic) {
		return Counter.builder("pipeline.dead.letters")
			.description("Records sent to a dead-letter topic, by the topic they came from")
			.tag("topic", topic)
			.register(meters);
	}

	private static BackOff backOff(RetryProperties retry, long attempts) {
		ExponentialBackOff backOff = new ExponentialBackOff(retry.initialInterval().toMillis(), retry.multiplier());
		backOff.setMaxInterval(retry.maxInterval().toMillis());
		backOff.setMaxAttempts(attempts);
		return backOff;
	}

	/**
	 * The template that dead-letters records as raw bytes; not a {@link KafkaTemplate} bean itself, so Boot's
	 * auto-configured JSON template stays in place. Closes its producer with the context.
	 */
	record RawDeadLetterTemplate(KafkaTemplate<String, byte[]> template) implements DisposableBean {

		@Override
		public void destroy() {
			this.template.destroy();
		}

	}

}

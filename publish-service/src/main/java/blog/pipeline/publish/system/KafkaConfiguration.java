package blog.pipeline.publish.system;

import java.util.LinkedHashMap;
import java.util.Map;

import blog.pipeline.events.Topics;
import blog.pipeline.publish.posts.InvalidPostEventException;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import org.springframework.beans.factory.DisposableBean;
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
 * Topics this service consumes and produces, and what happens when a batch fails: records that can never be published
 * go to {@code posts.rendered.DLT} (same partition), transient failures are retried without limit so the partition
 * waits and nothing is skipped, anything else is retried a few times and then dead-lettered.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

	@Bean
	NewTopic postsRenderedTopic(TopicProperties topics) {
		return topic(Topics.POSTS_RENDERED, topics).build();
	}

	@Bean
	NewTopic postsRenderedDeadLetterTopic(TopicProperties topics) {
		return topic(Topics.deadLetterOf(Topics.POSTS_RENDERED), topics).build();
	}

	@Bean
	NewTopic postsPublishedTopic(TopicProperties topics) {
		return topic(Topics.POSTS_PUBLISHED, topics).build();
	}

	@Bean
	NewTopic postsCatalogTopic(TopicProperties topics) {
		return topic(Topics.POSTS_CATALOG, topics).compact().build();
	}

	private static TopicBuilder topic(String name, TopicProperties topics) {
		return TopicBuilder.name(name).partitions(topics.partitions()).replicas(topics.replicas());
	}

	@Bean
	RawDeadLetterTemplate rawDeadLetterTemplate(ProducerFactory<String, byte[]> producerFactory) {
		return new RawDeadLetterTemplate(new KafkaTemplate<>(producerFactory,
				Map.of(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class)));
	}

	@Bean
	DefaultErrorHandler kafkaErrorHandler(KafkaTemplate<Object, Object> template, RawDeadLetterTemplate rawTemplate,
			RetryProperties retry) {
		// Unreadable records carry their original bytes, which must be dead-lettered as they are, not as JSON.
		Map<Class<?>, KafkaOperations<?, ?>> templates = new LinkedHashMap<>();
		templates.put(byte[].class, rawTemplate.template());
		templates.put(Object.class, template);
		DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(templates,
				(record, ex) -> new TopicPartition(Topics.deadLetterOf(record.topic()), record.partition()));
		DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff(retry, retry.attempts()));
		handler.addNotRetryableExceptions(InvalidPostEventException.class);
		BackOff untilItWorks = backOff(retry, Long.MAX_VALUE);
		handler.setBackOffFunction((record, ex) -> TransientFailures.isTransient(ex) ? untilItWorks : null);
		return handler;
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

package blog.pipeline.ingest.system;

import blog.pipeline.events.Topics;
import blog.pipeline.ingest.state.StateTopic;
import blog.pipeline.support.RecordSizes;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Declares the topics ingest writes (posts, replays and its state) and those it follows to tell a post's status, with
 * the pipeline's record size limit (see {@link RecordSizes}); the broker does not create topics on its own.
 */
@Configuration(proxyBeanMethods = false)
class KafkaTopicConfiguration {

	@Bean
	KafkaAdmin.NewTopics ingestTopics(TopicsProperties topics) {
		return new KafkaAdmin.NewTopics(topic(Topics.POSTS_SUBMITTED, topics),
				RecordSizes.topic(TopicBuilder.name(StateTopic.NAME), topics.maxRecordSize())
					.partitions(topics.partitions())
					.replicas(topics.replicas())
					.compact()
					.config(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, "0")
					.build(),
				topic(Topics.POSTS_RENDERED, topics), topic(Topics.POSTS_PUBLISHED, topics),
				deadLetterTopic(Topics.POSTS_SUBMITTED, topics), deadLetterTopic(Topics.POSTS_RENDERED, topics),
				topic(Topics.POSTS_REPLAY, topics), deadLetterTopic(Topics.POSTS_REPLAY, topics));
	}

	/** The producers take the pipeline's record sizes and compress: a 1 MiB draft is more than Kafka's default. */
	@Bean
	DefaultKafkaProducerFactoryCustomizer recordSizeProducerSettings(TopicsProperties topics) {
		return (factory) -> factory.updateConfigs(RecordSizes.producerSettings(topics.maxRecordSize()));
	}

	private static NewTopic topic(String name, TopicsProperties topics) {
		return RecordSizes
			.topic(TopicBuilder.name(name).partitions(topics.partitions()).replicas(topics.replicas()),
					topics.maxRecordSize())
			.build();
	}

	private static NewTopic deadLetterTopic(String topic, TopicsProperties topics) {
		return RecordSizes.deadLetterTopic(TopicBuilder.name(Topics.deadLetterOf(topic))
			.partitions(topics.partitions())
			.replicas(topics.replicas()), topics.maxRecordSize()).build();
	}

}

package blog.pipeline.render.system;

import blog.pipeline.events.Topics;
import blog.pipeline.support.RecordSizes;
import org.apache.kafka.clients.admin.NewTopic;

import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/**
 * Declares the topics render-service consumes and produces, and the dead-letter topics of those it consumes, with the
 * pipeline's record size limit; its producers take the same limit and compress (see {@link RecordSizes}).
 */
@Configuration(proxyBeanMethods = false)
class KafkaTopicsConfiguration {

	@Bean
	NewTopic postsSubmittedTopic(TopicsProperties topics) {
		return RecordSizes.topic(topic(Topics.POSTS_SUBMITTED, topics), topics.maxRecordSize()).build();
	}

	@Bean
	NewTopic postsSubmittedDeadLetterTopic(TopicsProperties topics) {
		return RecordSizes.deadLetterTopic(topic(Topics.deadLetterOf(Topics.POSTS_SUBMITTED), topics),
				topics.maxRecordSize())
			.build();
	}

	@Bean
	NewTopic postsReplayTopic(TopicsProperties topics) {
		return RecordSizes.topic(topic(Topics.POSTS_REPLAY, topics), topics.maxRecordSize()).build();
	}

	@Bean
	NewTopic postsReplayDeadLetterTopic(TopicsProperties topics) {
		return RecordSizes.deadLetterTopic(topic(Topics.deadLetterOf(Topics.POSTS_REPLAY), topics),
				topics.maxRecordSize())
			.build();
	}

	@Bean
	NewTopic postsRenderedTopic(TopicsProperties topics) {
		return RecordSizes.topic(topic(Topics.POSTS_RENDERED, topics), topics.maxRecordSize()).build();
	}

	@Bean
	DefaultKafkaProducerFactoryCustomizer recordSizeProducerSettings(TopicsProperties topics) {
		return (factory) -> factory.updateConfigs(RecordSizes.producerSettings(topics.maxRecordSize()));
	}

	private static TopicBuilder topic(String name, TopicsProperties topics) {
		return TopicBuilder.name(name).partitions(topics.partitions()).replicas(topics.replicas());
	}

}

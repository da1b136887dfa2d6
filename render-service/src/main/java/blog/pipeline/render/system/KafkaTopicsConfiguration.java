package blog.pipeline.render.system;

import blog.pipeline.events.Topics;
import org.apache.kafka.clients.admin.NewTopic;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/** Declares the topics render-service consumes and produces, and the dead-letter topics of those it consumes. */
@Configuration(proxyBeanMethods = false)
class KafkaTopicsConfiguration {

	@Bean
	NewTopic postsSubmittedTopic(TopicsProperties topics) {
		return topic(Topics.POSTS_SUBMITTED, topics);
	}

	@Bean
	NewTopic postsSubmittedDeadLetterTopic(TopicsProperties topics) {
		return topic(Topics.deadLetterOf(Topics.POSTS_SUBMITTED), topics);
	}

	@Bean
	NewTopic postsReplayTopic(TopicsProperties topics) {
		return topic(Topics.POSTS_REPLAY, topics);
	}

	@Bean
	NewTopic postsReplayDeadLetterTopic(TopicsProperties topics) {
		return topic(Topics.deadLetterOf(Topics.POSTS_REPLAY), topics);
	}

	@Bean
	NewTopic postsRenderedTopic(TopicsProperties topics) {
		return topic(Topics.POSTS_RENDERED, topics);
	}

	private static NewTopic topic(String name, TopicsProperties topics) {
		return TopicBuilder.name(name).partitions(topics.partitions()).replicas(topics.replicas()).build();
	}

}

package blog.pipeline.ingest.system;

import blog.pipeline.events.Topics;
import blog.pipeline.ingest.state.StateTopic;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Declares the topics ingest writes (posts, replays and its state) and those it follows to tell a post's status; the
 * broker does not create topics on its own.
 */
@Configuration(proxyBeanMethods = false)
class KafkaTopicConfiguration {

	@Bean
	KafkaAdmin.NewTopics ingestTopics(TopicsProperties topics) {
		return new KafkaAdmin.NewTopics(topic(Topics.POSTS_SUBMITTED, topics),
				TopicBuilder.name(StateTopic.NAME)
					.partitions(topics.partitions())
					.replicas(topics.replicas())
					.compact()
					.config(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, "0")
					.build(),
				topic(Topics.POSTS_RENDERED, topics), topic(Topics.POSTS_PUBLISHED, topics),
				topic(Topics.deadLetterOf(Topics.POSTS_SUBMITTED), topics),
				topic(Topics.deadLetterOf(Topics.POSTS_RENDERED), topics), topic(Topics.POSTS_REPLAY, topics),
				topic(Topics.deadLetterOf(Topics.POSTS_REPLAY), topics));
	}

	private static NewTopic topic(String name, TopicsProperties topics) {
		return TopicBuilder.name(name).partitions(topics.partitions()).replicas(topics.replicas()).build();
	}

}

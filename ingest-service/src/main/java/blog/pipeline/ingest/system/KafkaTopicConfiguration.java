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

	/** A 1 MiB draft makes records of over 1 MiB: room for the producer's max.request.size (8 MiB) and overhead. */
	private static final String MAX_MESSAGE_BYTES = Integer.toString(8 * 1024 * 1024 + 64 * 1024);

	@Bean
	KafkaAdmin.NewTopics ingestTopics(TopicsProperties topics) {
		return new KafkaAdmin.NewTopics(
				TopicBuilder.name(Topics.POSTS_SUBMITTED)
					.partitions(topics.partitions())
					.replicas(topics.replicas())
					.config(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, MAX_MESSAGE_BYTES)
					.build(),
				TopicBuilder.name(StateTopic.NAME)
					.partitions(topics.partitions())
					.replicas(topics.replicas())
					.compact()
					.config(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, "0")
					.config(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, MAX_MESSAGE_BYTES)
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

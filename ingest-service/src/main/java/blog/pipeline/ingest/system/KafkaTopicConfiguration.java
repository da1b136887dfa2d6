package blog.pipeline.ingest.system;

import blog.pipeline.events.Topics;
import org.apache.kafka.clients.admin.NewTopic;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/** Declares the topic ingest writes; the broker does not create topics on its own. */
@Configuration(proxyBeanMethods = false)
class KafkaTopicConfiguration {

	@Bean
	NewTopic postsSubmittedTopic(TopicsProperties topics) {
		return TopicBuilder.name(Topics.POSTS_SUBMITTED)
			.partitions(topics.partitions())
			.replicas(topics.replicas())
			.build();
	}

}

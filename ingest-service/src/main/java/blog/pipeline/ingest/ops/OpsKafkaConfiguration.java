package blog.pipeline.ingest.ops;

import blog.pipeline.ingest.system.TopicsProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/** Declares the re-drive log's topic. */
@Configuration(proxyBeanMethods = false)
class OpsKafkaConfiguration {

	@Bean
	KafkaAdmin.NewTopics opsTopics(TopicsProperties topics) {
		return new KafkaAdmin.NewTopics(TopicBuilder.name(RedriveLog.TOPIC)
			.partitions(1)
			.replicas(topics.replicas())
			.compact()
			.build());
	}

}

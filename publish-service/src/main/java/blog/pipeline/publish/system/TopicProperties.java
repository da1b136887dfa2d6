package blog.pipeline.publish.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the topics this service declares are laid out (env {@code PIPELINE_TOPICS_PARTITIONS},
 * {@code PIPELINE_TOPICS_REPLICAS}).
 */
@ConfigurationProperties("pipeline.topics")
record TopicProperties(@DefaultValue("12") int partitions, @DefaultValue("1") short replicas) {

}

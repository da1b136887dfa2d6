package blog.pipeline.render.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the topics this service declares are created. Dead-letter topics get the same partition count as their source
 * topic, so a dead letter keeps its original partition.
 */
@ConfigurationProperties("pipeline.topics")
record TopicsProperties(@DefaultValue("12") int partitions, @DefaultValue("1") short replicas) {
}

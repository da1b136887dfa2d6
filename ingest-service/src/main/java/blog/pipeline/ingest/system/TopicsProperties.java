package blog.pipeline.ingest.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the service declares the topics it writes.
 *
 * @param partitions partitions per topic (env {@code PIPELINE_TOPICS_PARTITIONS})
 * @param replicas replicas per partition (env {@code PIPELINE_TOPICS_REPLICAS})
 */
@ConfigurationProperties("pipeline.topics")
public record TopicsProperties(@DefaultValue("12") int partitions, @DefaultValue("1") short replicas) {

}

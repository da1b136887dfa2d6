package blog.pipeline.ingest.system;

import blog.pipeline.support.RecordSizes;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How the service declares the topics it writes.
 *
 * @param partitions partitions per topic (env {@code PIPELINE_TOPICS_PARTITIONS})
 * @param replicas replicas per partition (env {@code PIPELINE_TOPICS_REPLICAS})
 * @param maxRecordSize the largest record of a topic, the same in every service (env
 * {@code PIPELINE_TOPICS_MAX_RECORD_SIZE}, see {@link RecordSizes})
 */
@ConfigurationProperties("pipeline.topics")
public record TopicsProperties(@DefaultValue("12") int partitions, @DefaultValue("1") short replicas,
		@DefaultValue(RecordSizes.DEFAULT_MAX_RECORD_SIZE) DataSize maxRecordSize) {

}

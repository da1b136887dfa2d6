package blog.pipeline.publish.system;

import blog.pipeline.support.RecordSizes;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How the topics this service declares are laid out (env {@code PIPELINE_TOPICS_PARTITIONS},
 * {@code PIPELINE_TOPICS_REPLICAS}) and the largest record they and this service's producers take (env
 * {@code PIPELINE_TOPICS_MAX_RECORD_SIZE}, see {@link RecordSizes}).
 */
@ConfigurationProperties("pipeline.topics")
record TopicProperties(@DefaultValue("12") int partitions, @DefaultValue("1") short replicas,
		@DefaultValue(RecordSizes.DEFAULT_MAX_RECORD_SIZE) DataSize maxRecordSize) {

}

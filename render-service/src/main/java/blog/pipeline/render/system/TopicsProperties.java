package blog.pipeline.render.system;

import blog.pipeline.support.RecordSizes;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How the topics this service declares are created. Dead-letter topics get the same partition count as their source
 * topic, so a dead letter keeps its original partition. {@code maxRecordSize} is the largest record of a topic, the
 * same in every service (see {@link RecordSizes}).
 */
@ConfigurationProperties("pipeline.topics")
record TopicsProperties(@DefaultValue("12") int partitions, @DefaultValue("1") short replicas,
		@DefaultValue(RecordSizes.DEFAULT_MAX_RECORD_SIZE) DataSize maxRecordSize) {
}

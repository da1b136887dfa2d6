package blog.pipeline.ingest.state;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the state writer.
 *
 * @param transactionalId the Kafka transactional id that every ingest instance's writer shares (env
 * {@code INGEST_STATE_WRITER_ID}): the instance that initialises it last fences the others, so no two instances ever
 * commit changes decided on different views
 * @param maxBatch the most changes one transaction commits
 * @param compression the writer's {@code compression.type} (the state records and events it writes)
 */
@ConfigurationProperties("pipeline.ingest.state-writer")
public record StateWriterProperties(@DefaultValue("ingest-state-writer") String transactionalId,
		@DefaultValue("256") int maxBatch, @DefaultValue("zstd") String compression) {

}

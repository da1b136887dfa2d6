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
 * @param compression the writer's {@code compression.type}: lz4 rather than the pipeline's zstd, because each
 * transaction writes small batches (a few ~5 KB records per partition) on the path every request waits for, and on
 * such batches zstd's per-batch set-up costs the writer, the broker and every reader more CPU than lz4's (see
 * BENCHMARKS.md, editors' API)
 */
@ConfigurationProperties("pipeline.ingest.state-writer")
public record StateWriterProperties(@DefaultValue("ingest-state-writer") String transactionalId,
		@DefaultValue("256") int maxBatch, @DefaultValue("lz4") String compression) {

}

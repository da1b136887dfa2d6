/**
 * State that survives: post versions, slug ownership, idempotency keys and schedules, kept in a compacted Kafka topic
 * that every ingest instance reads back.
 */
@NullMarked
package blog.pipeline.ingest.state;

import org.jspecify.annotations.NullMarked;

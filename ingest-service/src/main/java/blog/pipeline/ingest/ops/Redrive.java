package blog.pipeline.ingest.ops;

import java.time.Instant;

/**
 * A dead letter sent back to its topic.
 *
 * @param letter where the dead letter lies
 * @param topic the topic it was sent back to
 * @param partition the partition it landed in
 * @param offset its new offset there
 */
record Redrive(Position letter, String topic, int partition, long offset, Instant at) {

}

/**
 * The state the indexes are built from lives in compacted Kafka topics; this reads a partition of one back into
 * memory when a consumer is assigned that partition, so no instance ever lists the bucket.
 */
@NullMarked
package blog.pipeline.publish.changelog;

import org.jspecify.annotations.NullMarked;

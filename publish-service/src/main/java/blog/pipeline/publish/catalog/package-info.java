/**
 * The catalog: the latest published state of every post, kept in a compacted Kafka topic and in memory. Author
 * indexes and the home page are built from it, never from the bucket.
 */
@NullMarked
package blog.pipeline.publish.catalog;

import org.jspecify.annotations.NullMarked;

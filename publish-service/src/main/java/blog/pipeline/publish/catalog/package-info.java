/**
 * The catalog: the latest applied state of every post, kept in a compacted Kafka topic co-partitioned with the
 * rendered topic and loaded per assigned partition; stage one of publishing decides from it what a post event changes.
 */
@NullMarked
package blog.pipeline.publish.catalog;

import org.jspecify.annotations.NullMarked;

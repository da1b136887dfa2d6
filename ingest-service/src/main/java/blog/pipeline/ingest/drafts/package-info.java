/**
 * Draft submission: the HTTP contract, its validation rules and the sender that hands accepted posts to Kafka.
 */
@NullMarked
package blog.pipeline.ingest.drafts;

import org.jspecify.annotations.NullMarked;

/**
 * Operating the pipeline: the dead letters of every stage and their re-drive, the ops page with throughput, consumer
 * lag, submit-to-live latency and recent posts; all behind the operators' bearer tokens, apart from the editors'.
 */
@NullMarked
package blog.pipeline.ingest.ops;

import org.jspecify.annotations.NullMarked;

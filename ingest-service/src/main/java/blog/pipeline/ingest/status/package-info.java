/**
 * Where posts are in the pipeline: one post's status and an author's posts with their state.
 */
@NullMarked
package blog.pipeline.ingest.status;

import org.jspecify.annotations.NullMarked;

/**
 * Where each post is in the pipeline, learned from the render and publish topics and their dead-letter topics.
 */
@NullMarked
package blog.pipeline.ingest.progress;

import org.jspecify.annotations.NullMarked;

/**
 * The ingest service: editors' HTTP API in front of the {@code posts.submitted} topic.
 */
@NullMarked
package blog.pipeline.ingest;

import org.jspecify.annotations.NullMarked;

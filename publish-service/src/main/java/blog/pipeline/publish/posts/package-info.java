/**
 * Consumes rendered and withdrawn posts in batches and applies them to the bucket and the catalog.
 */
@NullMarked
package blog.pipeline.publish.posts;

import org.jspecify.annotations.NullMarked;

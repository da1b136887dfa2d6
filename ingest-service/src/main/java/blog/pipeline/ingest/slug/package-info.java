/**
 * Slugs: the URL-safe folder name of a post, given by the editor or derived from the title.
 */
@NullMarked
package blog.pipeline.ingest.slug;

import org.jspecify.annotations.NullMarked;

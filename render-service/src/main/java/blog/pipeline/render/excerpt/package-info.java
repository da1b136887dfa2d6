/**
 * Teasers for index pages and feeds, and reading time.
 */
@NullMarked
package blog.pipeline.render.excerpt;

import org.jspecify.annotations.NullMarked;

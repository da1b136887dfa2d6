/**
 * Consumes submitted posts, renders them and produces the rendered events.
 */
@NullMarked
package blog.pipeline.render.posts;

import org.jspecify.annotations.NullMarked;

/**
 * render-service: turns submitted drafts into safe HTML pages, excerpts and reading times.
 */
@NullMarked
package blog.pipeline.render;

import org.jspecify.annotations.NullMarked;

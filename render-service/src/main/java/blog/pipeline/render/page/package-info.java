/**
 * The post page: a complete HTML5 document from a Mustache template.
 */
@NullMarked
package blog.pipeline.render.page;

import org.jspecify.annotations.NullMarked;

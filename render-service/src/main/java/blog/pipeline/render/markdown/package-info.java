/**
 * Markdown to HTML, and the allow-list sanitizer every piece of draft HTML goes through.
 */
@NullMarked
package blog.pipeline.render.markdown;

import org.jspecify.annotations.NullMarked;

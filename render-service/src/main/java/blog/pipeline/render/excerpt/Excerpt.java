package blog.pipeline.render.excerpt;

import blog.pipeline.render.markdown.SafeHtml;

/**
 * A post's teaser for index pages and feeds.
 *
 * @param html the teaser as safe HTML, one {@code <p>} (or other block) per paragraph
 * @param text the same teaser as plain text, paragraphs separated by a blank line
 */
public record Excerpt(SafeHtml html, String text) {

	/** A post with no text at all has no teaser. */
	public static final Excerpt NONE = new Excerpt(SafeHtml.empty(), "");

}

package blog.pipeline.render.page;

import java.time.Instant;
import java.util.List;

import blog.pipeline.events.Author;
import blog.pipeline.events.CoverImage;
import blog.pipeline.render.markdown.SafeHtml;
import org.jspecify.annotations.Nullable;

/**
 * What a post page shows.
 *
 * @param description plain text for the description meta tags (the excerpt)
 * @param publishedAt the date shown on the page
 */
public record PostPage(String title, String slug, Author author, SafeHtml body, String description,
		int readingTimeMinutes, @Nullable CoverImage coverImage, List<String> tags, Instant publishedAt) {

	public PostPage {
		tags = List.copyOf(tags);
	}

}

package blog.pipeline.events;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A post version rendered to its page and teaser.
 *
 * @param pageHtml the complete, sanitized HTML page
 * @param excerptHtml the teaser as safe HTML (for index pages)
 * @param excerptText the teaser as plain text (for feeds and meta tags)
 * @param publishedAt the post's date: its {@code publishAt}, else when version 1 was accepted
 * @param acceptedAt when ingest accepted this version
 */
public record PostRendered(int schemaVersion, String postId, long version, String slug, Author author, String title,
		String pageHtml, String excerptHtml, String excerptText, int readingTimeMinutes,
		@Nullable CoverImage coverImage, List<String> tags, Instant publishedAt, Instant acceptedAt,
		Instant renderedAt) implements PostEvent {

	public PostRendered {
		tags = List.copyOf(tags);
	}

}

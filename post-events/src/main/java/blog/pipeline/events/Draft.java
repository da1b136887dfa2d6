package blog.pipeline.events;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A validated draft as ingest accepted it; the slug is always resolved (given or derived from the title).
 *
 * @param excerpt explicit teaser text, or {@code null} to derive it from the body
 * @param publishAt when the post goes live, or {@code null} for now
 */
public record Draft(String title, String slug, Author author, String bodyMarkdown, @Nullable String excerpt,
		List<String> tags, @Nullable CoverImage coverImage, @Nullable Instant publishAt) {

	public Draft {
		tags = List.copyOf(tags);
	}

}

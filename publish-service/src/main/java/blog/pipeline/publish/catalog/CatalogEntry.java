package blog.pipeline.publish.catalog;

import java.time.Instant;
import java.util.List;

import blog.pipeline.events.Author;
import blog.pipeline.events.CoverImage;
import blog.pipeline.events.PostRendered;
import blog.pipeline.events.PostWithdrawn;
import org.jspecify.annotations.Nullable;

/**
 * The latest applied state of one post: what its author index entry shows, or that it was withdrawn. The value of
 * the compacted catalog topic, keyed by {@link #postId()}; internal to publish-service.
 * <p>
 * A withdrawn post keeps its entry (and version), so an older redelivered version never brings it back. It keeps the
 * content it had when it was live; only a post withdrawn before publish ever saw it has no content ({@code null}
 * slug, author, title, excerpts and dates).
 *
 * @param acceptedAt when ingest accepted the version this entry reflects
 * @param redirects earlier slugs of the live post, whose pages now redirect to its current page
 */
public record CatalogEntry(String postId, long version, @Nullable String slug, @Nullable Author author,
		@Nullable String title, @Nullable String excerptHtml, @Nullable String excerptText,
		@Nullable CoverImage coverImage, List<String> tags, @Nullable Instant publishedAt, Instant acceptedAt,
		boolean withdrawn, List<String> redirects) {

	public CatalogEntry {
		tags = (tags != null) ? List.copyOf(tags) : List.of();
		redirects = (redirects != null) ? List.copyOf(redirects) : List.of();
	}

	public CatalogEntry(String postId, long version, @Nullable String slug, @Nullable Author author,
			@Nullable String title, @Nullable String excerptHtml, @Nullable String excerptText,
			@Nullable CoverImage coverImage, List<String> tags, @Nullable Instant publishedAt, Instant acceptedAt,
			boolean withdrawn) {
		this(postId, version, slug, author, title, excerptHtml, excerptText, coverImage, tags, publishedAt,
				acceptedAt, withdrawn, List.of());
	}

	/** The entry of a post that is live in the given version. */
	public static CatalogEntry of(PostRendered rendered) {
		return of(rendered, List.of());
	}

	/** The entry of a post that is live in the given version and answers at its earlier slugs with a redirect. */
	public static CatalogEntry of(PostRendered rendered, List<String> redirects) {
		return new CatalogEntry(rendered.postId(), rendered.version(), rendered.slug(), rendered.author(),
				rendered.title(), rendered.excerptHtml(), rendered.excerptText(), rendered.coverImage(),
				rendered.tags(), rendered.publishedAt(), rendered.acceptedAt(), false, redirects);
	}

	/** The entry of a withdrawn post, keeping what {@code previous} (if any) knew about it. */
	public static CatalogEntry withdrawn(PostWithdrawn withdrawn, @Nullable CatalogEntry previous) {
		if (previous == null) {
			return new CatalogEntry(withdrawn.postId(), withdrawn.version(), null, null, null, null, null, null,
					List.of(), null, withdrawn.acceptedAt(), true);
		}
		return new CatalogEntry(withdrawn.postId(), withdrawn.version(), previous.slug(), previous.author(),
				previous.title(), previous.excerptHtml(), previous.excerptText(), previous.coverImage(),
				previous.tags(), previous.publishedAt(), withdrawn.acceptedAt(), true);
	}

	/** Whether the post is published: not withdrawn, so its page exists and indexes list it. */
	public boolean live() {
		return !this.withdrawn && this.slug != null && this.author != null;
	}

	/** Whether this entry is live and written by the author with the given id. */
	public boolean liveBy(String authorId) {
		return live() && this.author != null && this.author.id().equals(authorId);
	}

}

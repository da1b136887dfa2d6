package blog.pipeline.publish.catalog;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import blog.pipeline.events.Author;
import blog.pipeline.events.CoverImage;
import blog.pipeline.events.PostRendered;
import blog.pipeline.events.SchemaVersion;
import blog.pipeline.publish.PublishProperties;
import org.jspecify.annotations.Nullable;

/** Builds catalog entries and rendered events for tests. */
public final class CatalogEntries {

	private CatalogEntries() {
	}

	/** Settings for tests: site "Back Market Blog" at https://blog.example, 3 posts on the home page. */
	public static PublishProperties properties() {
		return new PublishProperties("public, max-age=60", "Back Market Blog", 3, Duration.ofSeconds(1), 10, 20,
				URI.create("https://blog.example"), "public, max-age=60", "public, max-age=300",
				"public, max-age=31536000, immutable", 1, 12, 4, Duration.ZERO);
	}

	public static PostRendered rendered(String postId, long version, String slug, Author author, String title,
			Instant publishedAt, @Nullable CoverImage cover) {
		return new PostRendered(SchemaVersion.CURRENT, postId, version, slug, author, title,
				"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title
						+ "</title></head><body><h1>" + title + "</h1><p>version " + version + "</p></body></html>",
				"<p>Excerpt of <em>" + slug + "</em></p>", "Excerpt of " + title, 3, cover, List.of("news"),
				publishedAt, publishedAt.plusSeconds(version), publishedAt.plusSeconds(version + 1));
	}

	public static CatalogEntry live(String postId, long version, String slug, Author author, String title,
			String publishedAt) {
		return CatalogEntry.of(rendered(postId, version, slug, author, title, Instant.parse(publishedAt), null));
	}

	public static CatalogEntry withCover(CatalogEntry entry, String url, String alt) {
		return new CatalogEntry(entry.postId(), entry.version(), entry.slug(), entry.author(), entry.title(),
				entry.excerptHtml(), entry.excerptText(), new CoverImage(url, alt), entry.tags(), entry.publishedAt(),
				entry.acceptedAt(), false);
	}

	public static CatalogEntry acceptedAt(CatalogEntry entry, String acceptedAt) {
		return new CatalogEntry(entry.postId(), entry.version(), entry.slug(), entry.author(), entry.title(),
				entry.excerptHtml(), entry.excerptText(), entry.coverImage(), entry.tags(), entry.publishedAt(),
				Instant.parse(acceptedAt), entry.withdrawn());
	}

	public static CatalogEntry withdrawnCopy(CatalogEntry entry) {
		return new CatalogEntry(entry.postId(), entry.version() + 1, entry.slug(), entry.author(), entry.title(),
				entry.excerptHtml(), entry.excerptText(), entry.coverImage(), entry.tags(), entry.publishedAt(),
				entry.acceptedAt(), true);
	}

}

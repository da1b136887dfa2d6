package blog.pipeline.publish.pages;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import blog.pipeline.publish.PublishProperties;
import blog.pipeline.publish.bucket.SiteLayout;
import blog.pipeline.publish.catalog.CatalogEntry;
import com.samskivert.mustache.Template;

import org.springframework.stereotype.Component;

/** Renders an Atom feed of posts (the site's newest or an author's newest), each with its teaser as HTML. */
@Component
public class AtomFeed {

	private final Template template = Templates.compile("feed");

	private final PublishProperties properties;

	public AtomFeed(PublishProperties properties) {
		this.properties = properties;
	}

	/**
	 * The feed at site path {@code feedPath} about the page at {@code pagePath}, listing {@code posts} (newest first,
	 * already limited).
	 */
	public String render(String title, String feedPath, String pagePath, List<CatalogEntry> posts) {
		Instant updated = posts.stream()
			.map(CatalogEntry::acceptedAt)
			.max(Comparator.naturalOrder())
			.orElse(Instant.EPOCH);
		List<Map<String, Object>> entries = posts.stream().map(this::entry).toList();
		return this.template.execute(Map.of("title", xmlCharactersOnly(title), "id", this.properties.absolute(feedPath), "self",
				this.properties.absolute(feedPath), "alternate", this.properties.absolute(pagePath), "updated",
				updated.toString(), "entries", entries));
	}

	private Map<String, Object> entry(CatalogEntry post) {
		String url = this.properties.absolute(SiteLayout.postPath(post.slug()));
		return Map.of("title", xmlCharactersOnly(post.title()), "url", url, "id", "urn:post:" + post.postId(),
				"author", xmlCharactersOnly(post.author().name()), "published", post.publishedAt().toString(),
				"updated", post.acceptedAt().toString(), "summary",
				(post.excerptHtml() != null) ? xmlCharactersOnly(post.excerptHtml()) : "");
	}

	/**
	 * The text without the characters XML 1.0 forbids (control characters but tab and line breaks, lone surrogates,
	 * U+FFFE/U+FFFF). HTML tolerates them, so they reach titles and teasers, but one of them in a feed makes the
	 * whole feed unreadable to every feed reader.
	 */
	static String xmlCharactersOnly(String text) {
		if (text.codePoints().allMatch(AtomFeed::allowedInXml)) {
			return text;
		}
		StringBuilder allowed = new StringBuilder(text.length());
		text.codePoints().filter(AtomFeed::allowedInXml).forEach(allowed::appendCodePoint);
		return allowed.toString();
	}

	private static boolean allowedInXml(int c) {
		return c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
				|| c >= 0x10000;
	}

}

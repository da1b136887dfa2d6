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
		return this.template.execute(Map.of("title", title, "id", this.properties.absolute(feedPath), "self",
				this.properties.absolute(feedPath), "alternate", this.properties.absolute(pagePath), "updated",
				updated.toString(), "entries", entries));
	}

	private Map<String, Object> entry(CatalogEntry post) {
		String url = this.properties.absolute(SiteLayout.postPath(post.slug()));
		return Map.of("title", post.title(), "url", url, "id", "urn:post:" + post.postId(), "author",
				post.author().name(), "published", post.publishedAt().toString(), "updated",
				post.acceptedAt().toString(), "summary", (post.excerptHtml() != null) ? post.excerptHtml() : "");
	}

}

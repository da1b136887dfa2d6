package blog.pipeline.publish.site;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import blog.pipeline.events.Author;
import blog.pipeline.events.SiteStylesheet;
import blog.pipeline.publish.PublishProperties;
import blog.pipeline.publish.bucket.SiteLayout;
import blog.pipeline.publish.catalog.CatalogEntry;
import blog.pipeline.publish.pages.Templates;
import com.samskivert.mustache.Template;

import org.springframework.stereotype.Component;

/**
 * Renders the home page ({@code index.html}): the newest posts across all authors and a link to the page of every
 * author with at least one live post.
 */
@Component
public class HomePage {

	private final Template template = Templates.compile("home");

	private final String siteTitle;

	public HomePage(PublishProperties properties) {
		this.siteTitle = properties.siteTitle();
	}

	/** The home page listing {@code newest} (newest first, already limited) and {@code authors} (in order). */
	public String render(List<CatalogEntry> newest, List<Author> authors) {
		Map<String, Object> model = new HashMap<>();
		model.put("siteTitle", this.siteTitle);
		model.put("stylesheet", SiteStylesheet.url());
		model.put("feedHref", SiteLayout.pathOf(SiteLayout.FEED_KEY));
		model.put("authors", authors.stream()
			.map((author) -> new AuthorLink(SiteLayout.authorPath(author.id()), author.name()))
			.toList());
		model.put("posts", newest.stream().map(HomePage::recent).toList());
		return this.template.execute(model);
	}

	private static RecentPost recent(CatalogEntry entry) {
		Instant published = entry.publishedAt();
		return new RecentPost(SiteLayout.postPath(entry.slug()), entry.title(), entry.author().name(),
				SiteLayout.authorPath(entry.author().id()), (published != null) ? published.toString() : "",
				(published != null) ? Templates.readable(published) : "");
	}

	/** An author's entry on the home page. */
	public record AuthorLink(String href, String name) {

	}

	/** One of the newest posts. */
	public record RecentPost(String href, String title, String authorName, String authorHref, String publishedIso,
			String publishedDate) {

	}

}

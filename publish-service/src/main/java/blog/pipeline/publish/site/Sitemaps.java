package blog.pipeline.publish.site;

import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import blog.pipeline.events.Author;
import blog.pipeline.publish.PublishProperties;
import blog.pipeline.publish.bucket.SiteLayout;
import blog.pipeline.publish.catalog.CatalogEntry;
import blog.pipeline.publish.pages.Templates;
import com.samskivert.mustache.Template;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Renders the sitemap: {@code sitemap.xml} is a sitemap index of bounded parts, one part for the home and author pages
 * and one per month of posts, so a post change rewrites its month's part and the index, never one huge file.
 */
@Component
public class Sitemaps {

	private final Template index = Templates.compile("sitemap-index");

	private final Template part = Templates.compile("sitemap");

	private final PublishProperties properties;

	public Sitemaps(PublishProperties properties) {
		this.properties = properties;
	}

	/** The sitemap index listing the pages part and one part per month (newest first). */
	public String renderIndex(List<YearMonth> months) {
		List<Url> parts = new ArrayList<>();
		parts.add(new Url(this.properties.absolute(SiteLayout.pathOf(SiteLayout.SITEMAP_PAGES_KEY)), null));
		for (YearMonth month : months) {
			parts.add(new Url(this.properties.absolute(SiteLayout.pathOf(SiteLayout.sitemapMonthKey(month))), null));
		}
		return this.index.execute(Map.of("parts", parts));
	}

	/** The part with the home page and every author page. */
	public String renderPages(List<Author> authors) {
		List<Url> urls = new ArrayList<>();
		urls.add(new Url(this.properties.absolute(SiteLayout.HOME_PATH), null));
		for (Author author : authors) {
			urls.add(new Url(this.properties.absolute(SiteLayout.authorPath(author.id())), null));
		}
		return this.part.execute(Map.of("urls", urls));
	}

	/** The part with the posts of one month. */
	public String renderMonth(List<CatalogEntry> posts) {
		List<Url> urls = posts.stream()
			.map((post) -> new Url(this.properties.absolute(SiteLayout.postPath(post.slug())),
					lastmod(post.acceptedAt())))
			.toList();
		return this.part.execute(Map.of("urls", urls));
	}

	private static String lastmod(Instant instant) {
		return instant.toString();
	}

	/** One {@code <loc>} with an optional {@code <lastmod>}. */
	public record Url(String loc, @Nullable String lastmod) {

	}

}

package blog.pipeline.publish.site;

import java.util.ArrayList;
import java.util.HashMap;
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
 * Renders the sitemap: {@code sitemap.xml} is a sitemap index of parts, one for the home and author pages and a fixed
 * number for the posts, each post in the part of a hash of its id ({@link SiteLayout#sitemapPartOf}), so a post change
 * rewrites one small part (about 1/{@code pipeline.publish.sitemap-parts} of the site's posts), whatever its date and
 * however many posts were published in the same month.
 */
@Component
public class Sitemaps {

	private final Template index = Templates.compile("sitemap-index");

	private final PublishProperties properties;

	public Sitemaps(PublishProperties properties) {
		this.properties = properties;
	}

	/** The sitemap index listing the pages part and the posts parts {@code partKeys} (in that order). */
	public String renderIndex(List<String> partKeys) {
		List<Url> parts = new ArrayList<>();
		parts.add(new Url(this.properties.absolute(SiteLayout.pathOf(SiteLayout.SITEMAP_PAGES_KEY)), null));
		for (String key : partKeys) {
			parts.add(new Url(this.properties.absolute(SiteLayout.pathOf(key)), null));
		}
		return this.index.execute(Map.of("parts", parts));
	}

	/** The part with the home page and every author page. */
	public String renderPages(List<Author> authors) {
		List<String> lines = new ArrayList<>();
		lines.add(line(new Url(this.properties.absolute(SiteLayout.HOME_PATH), null)));
		for (Author author : authors) {
			lines.add(line(new Url(this.properties.absolute(SiteLayout.authorPath(author.id())), null)));
		}
		return urlset(lines);
	}

	/** A part listing {@code posts}. */
	public String renderPart(List<CatalogEntry> posts) {
		return renderPart(posts, new HashMap<>());
	}

	/**
	 * A part listing {@code posts}, taking each post's line from {@code lines} (post id → line) and adding the lines it
	 * renders. A part is rendered again for every batch that touches it, mostly for one changed post, so the caller
	 * keeps the lines and drops a post's line when the post changes.
	 */
	public String renderPart(List<CatalogEntry> posts, Map<String, String> lines) {
		List<String> urls = new ArrayList<>(posts.size());
		for (CatalogEntry post : posts) {
			urls.add(lines.computeIfAbsent(post.postId(), (id) -> line(new Url(
					this.properties.absolute(SiteLayout.postPath(post.slug())), post.acceptedAt().toString()))));
		}
		return urlset(urls);
	}

	/** A sitemap part of {@link #line rendered lines}, written out directly rather than with a template. */
	private static String urlset(List<String> lines) {
		int length = 0;
		for (String line : lines) {
			length += line.length();
		}
		StringBuilder xml = new StringBuilder(length + 128);
		xml.append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n")
			.append("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
		lines.forEach(xml::append);
		return xml.append("</urlset>\n").toString();
	}

	/** One {@code <url>} element and its line break. */
	private static String line(Url url) {
		StringBuilder xml = new StringBuilder(128);
		xml.append("<url><loc>");
		escape(url.loc(), xml);
		xml.append("</loc>");
		if (url.lastmod() != null) {
			xml.append("<lastmod>");
			escape(url.lastmod(), xml);
			xml.append("</lastmod>");
		}
		return xml.append("</url>\n").toString();
	}

	private static void escape(String text, StringBuilder xml) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '&' -> xml.append("&amp;");
				case '<' -> xml.append("&lt;");
				case '>' -> xml.append("&gt;");
				case '"' -> xml.append("&quot;");
				case '\'' -> xml.append("&#39;");
				default -> xml.append(c);
			}
		}
	}

	/** One {@code <loc>} with an optional {@code <lastmod>}. */
	public record Url(String loc, @Nullable String lastmod) {

	}

}

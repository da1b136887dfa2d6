package blog.pipeline.publish.site;

import java.util.List;

import blog.pipeline.events.Author;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.parser.Parser;
import org.junit.jupiter.api.Test;

import static blog.pipeline.publish.catalog.CatalogEntries.live;
import static blog.pipeline.publish.catalog.CatalogEntries.properties;
import static org.assertj.core.api.Assertions.assertThat;

class SitemapsTests {

	private static final Author MARIA = new Author("maria", "Maria Sanda");

	private final Sitemaps sitemaps = new Sitemaps(properties());

	@Test
	void theIndexListsThePagesPartAndThePostsParts() {
		Document index = xml(
				this.sitemaps.renderIndex(List.of("sitemaps/posts-1-of-4.xml", "sitemaps/posts-3-of-4.xml")));

		assertThat(index.select("sitemapindex > sitemap > loc").eachText()).containsExactly(
				"https://blog.example/sitemaps/pages.xml", "https://blog.example/sitemaps/posts-1-of-4.xml",
				"https://blog.example/sitemaps/posts-3-of-4.xml");
	}

	@Test
	void aPartListsItsPostsWithAbsoluteUrlsAndLastModified() {
		Document part = xml(this.sitemaps.renderPart(List.of(live("a", 1, "a-b", MARIA, "A", "2024-03-10T10:00:00Z"))));

		assertThat(part.select("urlset > url > loc").eachText()).containsExactly("https://blog.example/posts/a-b/");
		assertThat(part.select("url > lastmod").eachText()).containsExactly("2024-03-10T10:00:01Z");
	}

	@Test
	void thePagesPartListsHomeAndAuthors() {
		Document part = xml(this.sitemaps.renderPages(List.of(MARIA)));

		assertThat(part.select("url > loc").eachText()).containsExactly("https://blog.example/",
				"https://blog.example/authors/maria/");
	}

	private static Document xml(String text) {
		assertThat(text).startsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>");
		return Jsoup.parse(text, Parser.xmlParser());
	}

}

package blog.pipeline.publish.pages;

import java.util.List;

import blog.pipeline.events.Author;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;
import org.junit.jupiter.api.Test;

import static blog.pipeline.publish.catalog.CatalogEntries.live;
import static blog.pipeline.publish.catalog.CatalogEntries.properties;
import static org.assertj.core.api.Assertions.assertThat;

class AtomFeedTests {

	private static final Author MARIA = new Author("maria", "Maria <Sanda>");

	private final AtomFeed feed = new AtomFeed(properties());

	@Test
	void isAnAtomFeedWithAbsoluteLinksAndTheTeaserAsEscapedHtml() {
		String text = this.feed.render("All Posts By Maria", "/authors/maria/feed.xml", "/authors/maria/",
				List.of(live("p2", 1, "second", MARIA, "Second & last", "2024-03-01T10:00:00Z"),
						live("p1", 1, "first", MARIA, "First", "2024-01-01T10:00:00Z")));

		Document atom = Jsoup.parse(text, Parser.xmlParser());
		Element root = atom.selectFirst("feed");
		assertThat(root.attr("xmlns")).isEqualTo("http://www.w3.org/2005/Atom");
		assertThat(root.selectFirst("> id").text()).isEqualTo("https://blog.example/authors/maria/feed.xml");
		assertThat(root.selectFirst("> link[rel=alternate]").attr("href")).isEqualTo("https://blog.example/authors/maria/");
		assertThat(root.selectFirst("> updated").text()).isEqualTo("2024-03-01T10:00:01Z");
		assertThat(atom.select("entry > title").eachText()).containsExactly("Second & last", "First");
		assertThat(atom.select("entry > link").eachAttr("href")).containsExactly("https://blog.example/posts/second/",
				"https://blog.example/posts/first/");
		assertThat(atom.select("entry > author > name").eachText()).containsOnly("Maria <Sanda>");
		assertThat(atom.selectFirst("entry > summary").attr("type")).isEqualTo("html");
		assertThat(atom.selectFirst("entry > summary").text()).isEqualTo("<p>Excerpt of <em>second</em></p>");
		assertThat(text).doesNotContain("<Sanda>").doesNotContain("<p>Excerpt");
	}

	@Test
	void theRedirectPageHasACanonicalLinkAndAMetaRefresh() {
		Document html = Jsoup.parse(new RedirectPage(properties()).render("/posts/new-slug/"));

		assertThat(html.selectFirst("link[rel=canonical]").attr("href")).isEqualTo("https://blog.example/posts/new-slug/");
		assertThat(html.selectFirst("meta[http-equiv=refresh]").attr("content")).isEqualTo("0; url=/posts/new-slug/");
		assertThat(html.selectFirst("a").attr("href")).isEqualTo("/posts/new-slug/");
	}

}

package blog.pipeline.publish.pages;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import blog.pipeline.events.Author;
import blog.pipeline.publish.catalog.CatalogEntry;
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
	void charactersXmlForbidsAreLeftOutSoTheFeedStaysWellFormed() throws Exception {
		CatalogEntry post = live("p1", 1, "first", new Author("maria", "Maria\u0001 \u0000Sanda"),
				"First\u0008 post \uFFFE\uD800", "2024-01-01T10:00:00Z");
		CatalogEntry withExcerpt = new CatalogEntry(post.postId(), post.version(), post.slug(), post.author(),
				post.title(), "<p>Tab\tand\u001B escape \uD83D\uDE00</p>", "Tab", null, List.of(), post.publishedAt(),
				post.acceptedAt(), false);

		String text = this.feed.render("All Posts By Maria\u0001", "/authors/maria/feed.xml", "/authors/maria/",
				List.of(withExcerpt));

		DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
		factory.setNamespaceAware(true);
		org.w3c.dom.Document xml = factory.newDocumentBuilder()
			.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
		String atom = "http://www.w3.org/2005/Atom";
		assertThat(xml.getElementsByTagNameNS(atom, "title").item(0).getTextContent()).isEqualTo("All Posts By Maria");
		assertThat(xml.getElementsByTagNameNS(atom, "title").item(1).getTextContent()).isEqualTo("First post ");
		assertThat(xml.getElementsByTagNameNS(atom, "name").item(0).getTextContent()).isEqualTo("Maria Sanda");
		assertThat(xml.getElementsByTagNameNS(atom, "summary").item(0).getTextContent())
			.isEqualTo("<p>Tab\tand escape \uD83D\uDE00</p>");
	}

	@Test
	void theRedirectPageHasACanonicalLinkAndAMetaRefresh() {
		Document html = Jsoup.parse(new RedirectPage(properties()).render("/posts/new-slug/"));

		assertThat(html.selectFirst("link[rel=canonical]").attr("href")).isEqualTo("https://blog.example/posts/new-slug/");
		assertThat(html.selectFirst("meta[http-equiv=refresh]").attr("content")).isEqualTo("0; url=/posts/new-slug/");
		assertThat(html.selectFirst("a").attr("href")).isEqualTo("/posts/new-slug/");
	}

}

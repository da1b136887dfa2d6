package blog.pipeline.render.markdown;

import java.util.List;
import java.util.Random;

import org.commonmark.ext.autolink.AutolinkExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The autolink pass on the text nodes that may hold a link gives the same tree as the extension's pass on all. */
class AutolinksWhereFoundTests {

	/** URLs, addresses, www. in any case, near misses, links, images, code, emphasis, line breaks, escapes, entities. */
	private static final String[] PIECES = { "word ", "https://example.org/a?b=1 ", "HTTP://EXAMPLE.ORG", "ftp://x.y ",
			"mail@example.org", "a@b", "@", "www.example.org ", "WwW.Example.com/path", "www.", "ww.x ", ":// ", ":/",
			"[link https://in.link](https://target.org) ", "![alt www.in.alt](https://img.org/i.png) ", "`https://code.org` ",
			"*emph https://em.org*", "**", "~~del www.x.org~~ ", "\n", "  \n", "\\@", "&#64;", "<https://angle.org> ",
			"é ", ". ", ", ", "(", ")", "<", "\u00A0" };

	private final Parser withExtension = Parser.builder().extensions(List.of(AutolinkExtension.create())).build();

	private final Parser whereFound = Parser.builder().extensions(List.of(new AutolinksWhereFound())).build();

	private final HtmlRenderer renderer = HtmlRenderer.builder().build();

	@Test
	void givesTheSameHtmlAsTheExtensionOnEveryText() {
		Random random = new Random(11);
		int linked = 0;
		for (int run = 0; run < 2_000; run++) {
			StringBuilder markdown = new StringBuilder();
			int length = random.nextInt(25);
			for (int i = 0; i < length; i++) {
				markdown.append(PIECES[random.nextInt(PIECES.length)]);
			}
			String source = markdown.toString();
			String expected = this.renderer.render(this.withExtension.parse(source));
			linked += expected.contains("<a href") ? 1 : 0;

			assertThat(this.renderer.render(this.whereFound.parse(source))).as("HTML of '%s'", source)
				.isEqualTo(expected);
		}
		// the samples do exercise the links
		assertThat(linked).isGreaterThan(400);
	}

	@Test
	void linksUrlsAddressesAndWwwButNotTextInsideLinks() {
		String html = this.renderer
			.render(this.whereFound.parse("See https://a.org, me@b.org, www.c.org and [https://d.org](/e)."));

		assertThat(html).isEqualTo("<p>See <a href=\"https://a.org\">https://a.org</a>, "
				+ "<a href=\"mailto:me@b.org\">me@b.org</a>, <a href=\"http://www.c.org\">www.c.org</a> and "
				+ "<a href=\"/e\">https://d.org</a>.</p>\n");
	}

}

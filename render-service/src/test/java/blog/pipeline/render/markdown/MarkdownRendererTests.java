package blog.pipeline.render.markdown;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.commonmark.parser.Parser;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Markdown becomes HTML, and whatever a draft smuggles in as raw HTML comes out harmless. */
class MarkdownRendererTests {

	private final MarkdownRenderer renderer = new MarkdownRenderer(new HtmlSanitizer());

	private String render(String markdown) {
		return this.renderer.render(markdown).html();
	}

	private Element renderToBody(String markdown) {
		return Jsoup.parseBodyFragment(render(markdown)).body();
	}

	@Test
	void rendersCommonMarkdown() {
		Element body = renderToBody("""
				## Heading

				Some *emphasis*, **strong** and `code`.

				- one
				- two

				> quoted

				```java
				int x = 1 < 2 ? 1 : 0;
				```
				""");

		assertThat(body.select("h2").text()).isEqualTo("Heading");
		assertThat(body.select("em").text()).isEqualTo("emphasis");
		assertThat(body.select("strong").text()).isEqualTo("strong");
		assertThat(body.select("ul > li")).hasSize(2);
		assertThat(body.select("blockquote p").text()).isEqualTo("quoted");
		assertThat(body.select("pre > code.language-java").text()).isEqualTo("int x = 1 < 2 ? 1 : 0;");
	}

	@Test
	void rendersGfmTablesStrikethroughAndAutolinks() {
		Element body = renderToBody("""
				| Phone | Score |
				|:------|------:|
				| Fairphone | 10 |

				~~gone~~ and https://example.org/page
				""");

		assertThat(body.select("table thead th")).extracting(Element::text).containsExactly("Phone", "Score");
		assertThat(body.select("table tbody td")).extracting(Element::text).containsExactly("Fairphone", "10");
		assertThat(body.select("th").last().attr("align")).isEqualTo("right");
		assertThat(body.select("del").text()).isEqualTo("gone");
		assertThat(body.select("a[href=https://example.org/page]")).hasSize(1);
	}

	@Test
	void sourcesWithoutPipesOrTildesParseAsWithTheTableAndStrikethroughParsers() {
		Parser everything = Parser.builder().extensions(MarkdownRenderer.EXTENSIONS).build();
		String[] pieces = { "| a | b |\n", "|---|---|\n", "| 1 | 2 |\n", "a | b\n", "--- | ---\n", "~~gone~~ ", "~one~ ",
				"~~~\ncode\n~~~\n", "&#124; ", "&#126;&#126;x&#126;&#126; ", "\\| ", "\\~ ", "text ", "*em* ", "\n",
				"\n\n", "- item\n", "> quote\n", "`a|b` " };
		java.util.Random random = new java.util.Random(23);
		int withoutEither = 0;
		for (int run = 0; run < 3_000; run++) {
			StringBuilder markdown = new StringBuilder();
			int length = random.nextInt(12);
			for (int i = 0; i < length; i++) {
				markdown.append(pieces[random.nextInt(pieces.length)]);
			}
			String source = markdown.toString();
			withoutEither += (source.indexOf('|') < 0 && source.indexOf('~') < 0) ? 1 : 0;

			assertThat(this.renderer.render(this.renderer.parse(source)).html()).as("'%s'", source)
				.isEqualTo(this.renderer.render(everything.parse(source)).html());
		}
		assertThat(withoutEither).isGreaterThan(200);
	}

	@Test
	void autolinksUrlsWwwAndEmailAddressesButLooksOnlyAtTextsThatMayHoldOne() {
		Element body = renderToBody("See www.example.org, https://example.org/x and write to editor@example.org.");

		assertThat(body.select("a")).extracting((link) -> link.attr("href"))
			.containsExactly("http://www.example.org", "https://example.org/x", "mailto:editor@example.org");
		assertThat(AutolinksWhereFound.mayHoldLink("Plain text: no links, only words. wwwx, www, w.w.w.")).isFalse();
		assertThat(AutolinksWhereFound.mayHoldLink("a www.example.org")).isTrue();
		assertThat(AutolinksWhereFound.mayHoldLink("a wWw.example.org")).isTrue();
		assertThat(AutolinksWhereFound.mayHoldLink("WWW.EXAMPLE.ORG")).isTrue();
		assertThat(AutolinksWhereFound.mayHoldLink("a@b")).isTrue();
		assertThat(AutolinksWhereFound.mayHoldLink("ftp://x")).isTrue();
	}

	@Test
	void removesScriptAndStyleElementsWithTheirContents() {
		String html = render("""
				Before

				<script>alert('owned')</script>
				<style>body { display: none }</style>

				After <script>document.cookie</script> inline
				""");

		assertThat(html).doesNotContainIgnoringCase("script")
			.doesNotContain("alert")
			.doesNotContain("owned")
			.doesNotContain("document.cookie")
			.doesNotContainIgnoringCase("style")
			.doesNotContain("display: none")
			.doesNotContain("&lt;");
		assertThat(Jsoup.parseBodyFragment(html).text()).isEqualTo("Before After inline");
	}

	@Test
	void removesEventHandlerAttributes() {
		String html = render("""
				<p onclick="steal()">Click</p>

				<img src="https://img.example.org/a.png" alt="A" onerror="alert(1)">

				<a href="https://example.org" onmouseover="alert(2)">hover</a>
				""");

		assertThat(html).doesNotContain("onclick")
			.doesNotContain("onerror")
			.doesNotContain("onmouseover")
			.doesNotContain("alert")
			.doesNotContain("steal");
		assertThat(Jsoup.parseBodyFragment(html).select("img[src=https://img.example.org/a.png]")).hasSize(1);
	}

	@Test
	void removesJavascriptAndDataLinksButKeepsTheirText() {
		Element body = renderToBody("""
				[markdown](javascript:alert(1)) and <a href="JaVaScRiPt:alert(2)">upper</a> and
				<a href=" javascript:alert(3)">spaced</a> and <a href="java&#x09;script:alert(4)">tabbed</a> and
				[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) and
				<a href="vbscript:msgbox(1)">vb</a>
				""");

		assertThat(body.select("a")).isEmpty();
		assertThat(body.html()).doesNotContainIgnoringCase("javascript")
			.doesNotContain("data:")
			.doesNotContain("vbscript");
		assertThat(body.text()).contains("markdown", "upper", "spaced", "tabbed", "data", "vb");
	}

	@Test
	void removesDataAndJavascriptImages() {
		Element body = renderToBody("""
				![pixel](data:image/png;base64,iVBORw0KGgo=) <img src="javascript:alert(1)" alt="x">
				""");

		assertThat(body.select("img")).isEmpty();
	}

	@Test
	void keepsHttpMailtoAndRelativeLinks() {
		Element body = renderToBody("""
				[secure](https://example.org/a) [plain](http://example.org/b) [mail](mailto:editor@example.org)
				[relative](../other-post/) [root](/authors/maria/) [anchor](#part-2)
				""");

		assertThat(body.select("a")).extracting((link) -> link.attr("href"))
			.containsExactly("https://example.org/a", "http://example.org/b", "mailto:editor@example.org",
					"../other-post/", "/authors/maria/", "#part-2");
	}

	@Test
	void externalLinksGetNoopenerNoreferrerAndInternalOnesDoNot() {
		Element body = renderToBody("""
				[external](https://example.org) [protocol-relative](//example.org/x) [relative](/posts/x/)
				[mail](mailto:a@example.org) <a href="https://example.org" rel="opener" target="_blank">raw</a>
				""");

		assertThat(body.select("a")).extracting((link) -> link.text() + "=" + link.attr("rel"))
			.containsExactly("external=noopener noreferrer", "protocol-relative=noopener noreferrer", "relative=",
					"mail=", "raw=noopener noreferrer");
		assertThat(body.select("a[target]")).isEmpty();
	}

	@Test
	void imagesLoadLazilyAndKeepTheirAltText() {
		Element body = renderToBody("""
				![A refurbished phone](https://img.example.org/phone.jpg "Phone")

				<img src="/images/local.png">
				""");

		Element markdownImage = body.selectFirst("img[src=https://img.example.org/phone.jpg]");
		assertThat(markdownImage).isNotNull();
		assertThat(markdownImage.attr("loading")).isEqualTo("lazy");
		assertThat(markdownImage.attr("alt")).isEqualTo("A refurbished phone");
		assertThat(markdownImage.attr("title")).isEqualTo("Phone");
		Element rawImage = body.selectFirst("img[src=/images/local.png]");
		assertThat(rawImage).isNotNull();
		assertThat(rawImage.attr("loading")).isEqualTo("lazy");
		assertThat(rawImage.hasAttr("alt")).isTrue();
	}

	@Test
	void dropsUnknownElementsButKeepsTheirSafeText() {
		String html = render("""
				<div class="x" style="color:red"><iframe src="https://evil.example.org"></iframe><span>kept</span></div>

				<form action="/x"><input value="v"><button>press</button></form>
				""");

		assertThat(html).doesNotContain("iframe", "div", "style", "form", "input", "button", "span").contains("kept");
	}

	@Test
	void escapesTextSoItCannotBecomeMarkup() {
		String html = render("Use `<script>` tags & \"quotes\" < carefully");

		assertThat(html).contains("<code>&lt;script&gt;</code>").contains("&amp;").doesNotContain("<script>");
	}


	@Test
	void rendersTaskListItemsAsDisabledCheckboxes() {
		Element body = renderToBody("""
				- [ ] write the post
				- [x] pick a cover
				- plain item
				""");

		assertThat(body.select("ul > li")).hasSize(3);
		assertThat(body.select("li > input")).extracting((input) -> input.attr("type") + ":" + input.hasAttr("checked")
				+ ":" + input.hasAttr("disabled"))
			.containsExactly("checkbox:false:true", "checkbox:true:true");
		assertThat(body.select("li").get(0).text()).isEqualTo("write the post");
		assertThat(body.select("li").get(2).select("input")).isEmpty();
	}

	@Test
	void rawInputsOtherThanTaskCheckboxesAreRemovedAndCheckboxesCannotBeEnabled() {
		String html = render("""
				<input type="text" value="x" autofocus onfocus="alert(1)"> <input type="checkbox" onclick="alert(2)">

				<ul><li><input type="checkbox" checked form="f" formaction="javascript:alert(3)" autofocus> raw</li>
				<li><input type="submit" value="go"></li></ul>
				""");

		Element body = Jsoup.parseBodyFragment(html).body();
		assertThat(body.select("input")).singleElement().satisfies((input) -> {
			assertThat(input.attributes().asList()).extracting((attribute) -> attribute.getKey())
				.containsExactlyInAnyOrder("type", "checked", "disabled");
			assertThat(input.parent().nameIs("li")).isTrue();
		});
		assertThat(html).doesNotContain("alert", "autofocus", "onfocus", "formaction");
	}

	@Test
	void headingsGetStableIdsFromTheirText() {
		String markdown = """
				# Hello, World!

				## Why we do it

				## Why we do it

				### Ça marche — 2026
				""";

		Element body = renderToBody(markdown);

		assertThat(body.select("h1, h2, h3")).extracting(Element::id)
			.containsExactly("hello-world", "why-we-do-it", "why-we-do-it-1", "ça-marche--2026");
		assertThat(renderToBody("Intro paragraph added later.\n\n" + markdown).select("h1, h2, h3"))
			.extracting(Element::id)
			.as("ids do not depend on the rest of the post")
			.containsExactly("hello-world", "why-we-do-it", "why-we-do-it-1", "ça-marche--2026");
		assertThat(render(markdown)).isEqualTo(render(markdown));
	}

	@Test
	void rawHeadingIdsSurviveOnlyAsPlainSlugs() {
		Element body = renderToBody("""
				<h2 id="part-2">Part 2</h2>
				<h2 id="x&quot; onclick=&quot;alert(1)">Evil</h2>
				<p id="para">No ids elsewhere</p>
				""");

		assertThat(body.select("h2")).extracting(Element::id).containsExactly("part-2", "");
		assertThat(body.select("p[id]")).isEmpty();
		assertThat(body.html()).doesNotContain("onclick");
	}

	@ParameterizedTest
	@ValueSource(strings = { "# Title\n\nSome *emphasis*, **strong**, `code` and ~~gone~~.",
			"- [ ] task\n- [x] done\n\n1. one\n2. two", "> quote\n>\n> more",
			"```js\nif (a < b && c > \"d\") {}\n```\n\n    indented <code>",
			"| a | b |\n|:--|--:|\n| 1 & 2 | <3 |",
			"[ok](https://example.org/a?b=1&c=2 \"T\") [rel](../x) [mail](mailto:a@b.org) https://auto.example.org",
			"[bad](javascript:alert(1)) ![img](data:image/png;base64,AA==) [vb](VBScript:x) ![ok](/i.png \"t\")",
			"Line one  \nline two\\\nthree &amp; &lt;tag&gt; &copy; 5 > 4", "## Same\n\n## Same\n\n### Ça marche — 2026",
			"Teaser\n\n<!--more-->\n\nRest <!-- inline comment --> here" })
	void markdownWithoutRawHtmlSkipsTheHtmlParseButComesOutAsIfSanitized(String markdown) {
		SafeHtml fast = this.renderer.render(markdown);
		SafeHtml sanitized = this.renderer.renderThroughSanitizer(this.renderer.parse(markdown));

		assertThat(normalized(fast.html())).isEqualTo(normalized(sanitized.html()));
		assertThat(fast.text().split("\\s+")).as("words").containsExactly(sanitized.text().split("\\s+"));
		assertThat(fast.words()).as("words counted on the tree").isEqualTo(sanitized.words());
	}

	/** The HTML as a browser's tree, with each element's attributes in name order. */
	private static String normalized(String html) {
		Element body = Jsoup.parseBodyFragment(html).body();
		for (Element element : body.getAllElements()) {
			List<Attribute> attributes = new ArrayList<>(element.attributes().asList());
			attributes.forEach((attribute) -> element.removeAttr(attribute.getKey()));
			attributes.stream()
				.sorted(Comparator.comparing(Attribute::getKey))
				.forEach((attribute) -> element.attr(attribute.getKey(), attribute.getValue()));
		}
		return body.html();
	}

	@Test
	void markdownLinkAndImageTricksAreCheckedOnTheTreeWithoutRawHtml() {
		String html = render("""
				[a](javascript:alert(1)) [b](&#106;avascript:alert(1)) [c](<java\tscript:alert(1)>)
				![d](x" onerror="alert(1)) <javascript:alert(1)> [e][r]

				[r]: jAvAsCrIpT:alert(1)
				""");

		Element body = Jsoup.parseBodyFragment(html).body();
		assertThat(body.select("a")).isEmpty();
		assertThat(body.select("img")).allSatisfy((image) -> assertThat(image.attributes().asList())
			.extracting((attribute) -> attribute.getKey())
			.containsExactlyInAnyOrder("src", "alt", "loading"));
		assertThat(body.select("[onerror]")).isEmpty();
	}

	@Test
	void onlyPureCommentsCountAsNoRawHtml() {
		assertThat(MarkdownRenderer.isOnlyComments("<!--more-->\n")).isTrue();
		assertThat(MarkdownRenderer.isOnlyComments(" <!-- a --> <!--b-->")).isTrue();
		assertThat(MarkdownRenderer.isOnlyComments("<!-- a --> <script>alert(1)</script> <!-- b -->")).isFalse();
		assertThat(MarkdownRenderer.isOnlyComments("<!-- a --><img src=x onerror=alert(1)>")).isFalse();
		java.util.regex.Pattern onlyComments = java.util.regex.Pattern
			.compile("\\s*(?:<!--(?:(?!-->)[\\s\\S])*-->\\s*)+");
		String[] pieces = { "<!--", "-->", "<!-->", "--", "-", ">", "<", "!", " ", "\n", "\t", "\u000B", "\u00A0", "more",
				"<b>" };
		java.util.Random random = new java.util.Random(19);
		for (int run = 0; run < 20_000; run++) {
			StringBuilder literal = new StringBuilder();
			int length = random.nextInt(9);
			for (int i = 0; i < length; i++) {
				literal.append(pieces[random.nextInt(pieces.length)]);
			}
			assertThat(MarkdownRenderer.isOnlyComments(literal.toString())).as("'%s'", literal)
				.isEqualTo(onlyComments.matcher(literal).matches());
		}
		assertThat(render("<!-- a --> <script>alert(1)</script> <!-- b -->\n\nText").strip())
			.isEqualTo("<p>Text</p>");
	}

}

package blog.pipeline.render.page;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import blog.pipeline.events.Author;
import blog.pipeline.events.CoverImage;
import blog.pipeline.events.SiteStylesheet;
import blog.pipeline.render.markdown.HtmlSanitizer;
import blog.pipeline.render.markdown.SafeHtml;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** The post page is a complete HTML5 document with the post's metadata, escaped everywhere but in the body. */
class PageRendererTests {

	private static final Instant PUBLISHED = Instant.parse("2026-11-27T09:30:15.123Z");

	private final PageRenderer renderer = new PageRenderer(new SiteProperties("https://blog.example.org/", "The Blog"));

	private final SafeHtml body = new HtmlSanitizer()
		.sanitize("<h2>Hello! Who are you?</h2><p>Hi! I am <strong>Maria</strong>.</p>");

	private PostPage page(String title, CoverImage cover, List<String> tags) {
		return new PostPage(title, "maria-sanda-legal-counsel", new Author("maria-sanda", "Maria Sanda"), this.body,
				"Hello! Who are you? Hi! I am Maria.", 4, cover, tags, PUBLISHED);
	}

	private PostPage fullPage() {
		return page("Maria Sanda, Legal Counsel at Back Market",
				new CoverImage("https://img.example.org/maria.jpg", "maria sanda juriste d'affaires back market"),
				List.of("people", "legal"));
	}

	private static Document parse(String html) {
		Parser parser = Parser.htmlParser().setTrackErrors(20);
		Document document = Jsoup.parse(html, "", parser);
		assertThat(parser.getErrors()).as("HTML5 parse errors").isEmpty();
		return document;
	}

	private static String meta(Document document, String attribute, String name) {
		Element meta = document.selectFirst("meta[" + attribute + "=" + name + "]");
		assertThat(meta).as("meta " + name).isNotNull();
		return meta.attr("content");
	}

	@Test
	void isACompleteHtml5Document() {
		String html = this.renderer.render(fullPage());
		Document document = parse(html);

		assertThat(html).startsWithIgnoringCase("<!doctype html>");
		assertThat(document.documentType()).isNotNull();
		assertThat(document.documentType().name()).isEqualTo("html");
		assertThat(document.selectFirst("html").attr("lang")).isEqualTo("en");
		assertThat(document.selectFirst("head > meta[charset]").attr("charset")).isEqualToIgnoringCase("utf-8");
		assertThat(meta(document, "name", "viewport")).contains("width=device-width");
		assertThat(document.title()).isEqualTo("Maria Sanda, Legal Counsel at Back Market · The Blog");
		assertThat(document.select("script")).isEmpty();
	}

	@Test
	void linksTheOneContentHashedSiteStylesheetAndHasNoInlineStyles() {
		Document document = parse(this.renderer.render(fullPage()));

		assertThat(document.select("link[rel=stylesheet]")).singleElement()
			.satisfies((link) -> assertThat(link.attr("href")).isEqualTo(SiteStylesheet.url())
				.matches("/assets/site-[0-9a-f]{10}\\.css"));
		assertThat(document.select("style, [style]")).isEmpty();
		assertThat(SiteStylesheet.css()).contains("max-width:42rem").contains("/* post page */");
	}

	@Test
	void isReadableOnAPhone() {
		Document document = parse(this.renderer.render(fullPage()));

		assertThat(meta(document, "name", "viewport")).isEqualTo("width=device-width, initial-scale=1");
		assertThat(SiteStylesheet.css()).as("images and tables never widen the page")
			.contains("img{max-width:100%")
			.contains("table{display:block;overflow-x:auto")
			.contains("pre{overflow-x:auto");
	}

	@Test
	void languageComesFromTheSiteSettings() {
		PageRenderer french = new PageRenderer(new SiteProperties("https://blog.example.org/", "Le Blog", "fr-FR"));

		assertThat(parse(french.render(fullPage())).selectFirst("html").attr("lang")).isEqualTo("fr-FR");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new SiteProperties("https://blog.example.org/", "B", "en\" onload=\"x"));
	}

	@Test
	void hasCanonicalUrlAndSocialMetadata() {
		Document document = parse(this.renderer.render(fullPage()));

		String canonical = "https://blog.example.org/posts/maria-sanda-legal-counsel/";
		assertThat(document.selectFirst("link[rel=canonical]").attr("href")).isEqualTo(canonical);
		assertThat(meta(document, "property", "og:title")).isEqualTo("Maria Sanda, Legal Counsel at Back Market");
		assertThat(meta(document, "property", "og:description")).isEqualTo("Hello! Who are you? Hi! I am Maria.");
		assertThat(meta(document, "name", "description")).isEqualTo("Hello! Who are you? Hi! I am Maria.");
		assertThat(meta(document, "property", "og:url")).isEqualTo(canonical);
		assertThat(meta(document, "property", "og:type")).isEqualTo("article");
		assertThat(meta(document, "property", "og:image")).isEqualTo("https://img.example.org/maria.jpg");
		assertThat(meta(document, "name", "twitter:card")).isEqualTo("summary_large_image");
		assertThat(meta(document, "name", "twitter:title")).isEqualTo("Maria Sanda, Legal Counsel at Back Market");
		assertThat(meta(document, "name", "twitter:description")).isEqualTo("Hello! Who are you? Hi! I am Maria.");
		assertThat(meta(document, "name", "twitter:image")).isEqualTo("https://img.example.org/maria.jpg");
		assertThat(meta(document, "property", "og:image:alt")).isEqualTo("maria sanda juriste d'affaires back market");
		assertThat(meta(document, "name", "twitter:image:alt")).isEqualTo("maria sanda juriste d'affaires back market");
		assertThat(meta(document, "property", "og:site_name")).isEqualTo("The Blog");
		assertThat(meta(document, "property", "article:published_time")).isEqualTo("2026-11-27T09:30:15Z");
	}

	@Test
	void showsTitleAuthorDateReadingTimeCoverTagsAndBody() {
		Document document = parse(this.renderer.render(fullPage()));

		assertThat(document.select("h1")).extracting(Element::text)
			.containsExactly("Maria Sanda, Legal Counsel at Back Market");
		Element author = document.selectFirst("a[href=/authors/maria-sanda/]");
		assertThat(author).isNotNull();
		assertThat(author.text()).isEqualTo("Maria Sanda");
		Element time = document.selectFirst("time");
		assertThat(time.attr("datetime")).isEqualTo("2026-11-27T09:30:15Z");
		assertThat(time.text()).isEqualTo("27 November 2026");
		assertThat(document.selectFirst(".meta").text()).contains("4 min read");
		Element cover = document.selectFirst("img[src=https://img.example.org/maria.jpg]");
		assertThat(cover.attr("alt")).isEqualTo("maria sanda juriste d'affaires back market");
		assertThat(document.select(".tags li")).extracting(Element::text).containsExactly("people", "legal");
		assertThat(document.selectFirst(".post-body h2").text()).isEqualTo("Hello! Who are you?");
		assertThat(document.selectFirst(".post-body strong").text()).isEqualTo("Maria");
		assertThat(document.select("footer a[href=/]")).hasSize(1);
	}

	@Test
	void escapesEveryValueExceptTheSanitizedBody() {
		PostPage page = new PostPage("Tom & \"Jerry\" <script>alert(1)</script>", "tom-and-jerry",
				new Author("tom", "<img src=x onerror=alert(2)>"), this.body, "\"><script>alert(3)</script>", 1,
				new CoverImage("https://img.example.org/a.jpg?x=1&y=\"2\"", "\" onerror=\"alert(4)"),
				List.of("<b>bold</b>"), PUBLISHED);

		Document document = parse(this.renderer.render(page));

		assertThat(document.select("script")).isEmpty();
		assertThat(document.select("[onerror]")).isEmpty();
		assertThat(document.select("b")).isEmpty();
		assertThat(document.selectFirst("h1").text()).isEqualTo("Tom & \"Jerry\" <script>alert(1)</script>");
		assertThat(meta(document, "property", "og:description")).isEqualTo("\"><script>alert(3)</script>");
		assertThat(document.selectFirst("figure img").attr("alt")).isEqualTo("\" onerror=\"alert(4)");
		assertThat(document.selectFirst("figure img").attr("src"))
			.isEqualTo("https://img.example.org/a.jpg?x=1&y=\"2\"");
		assertThat(document.selectFirst(".tags li").text()).isEqualTo("<b>bold</b>");
	}

	@Test
	void escapesLikeJMustachesOwnHtmlEscaper() {
		String[] pieces = { "a", "é", "好", " ", "&", "'", "\"", "<", ">", "`", "=", "&amp;", "\uD83D\uDE00", "\n" };
		java.util.Random random = new java.util.Random(3);
		for (int run = 0; run < 5_000; run++) {
			StringBuilder raw = new StringBuilder();
			int length = random.nextInt(16);
			for (int i = 0; i < length; i++) {
				raw.append(pieces[random.nextInt(pieces.length)]);
			}

			assertThat(PageRenderer.escape(raw.toString())).as("'%s'", raw)
				.isEqualTo(com.samskivert.mustache.Escapers.HTML.escape(raw.toString()));
		}
	}

	@Test
	void pageWithoutCoverOrTagsLeavesThemOut() {
		Document document = parse(this.renderer.render(page("No cover", null, List.of())));

		assertThat(document.select("figure, meta[property=og:image], meta[name=twitter:image], .tags")).isEmpty();
		assertThat(meta(document, "name", "twitter:card")).isEqualTo("summary");
	}

	@Test
	void linksFollowTheSiteBaseUrlAndPath() {
		PageRenderer underPath = new PageRenderer(new SiteProperties("https://example.org/blog", "Blog"));

		Document document = parse(underPath.render(fullPage()));

		assertThat(document.selectFirst("link[rel=canonical]").attr("href"))
			.isEqualTo("https://example.org/blog/posts/maria-sanda-legal-counsel/");
		assertThat(document.select("a[href=/blog/authors/maria-sanda/]")).hasSize(1);
		assertThat(document.select("a[href=/blog/]")).hasSize(2);
		assertThat(document.selectFirst("link[rel=stylesheet]").attr("href")).isEqualTo("/blog/" + SiteStylesheet.key());
	}

	@Test
	void rendersWithATemplateFromAFileLocation(@TempDir Path dir) throws Exception {
		Path template = dir.resolve("post.mustache");
		Files.writeString(template, "<p class=\"custom\">{{title}} by {{authorName}}</p>{{{body}}}");
		PageRenderer custom = new PageRenderer(new SiteProperties("https://blog.example.org/", "The Blog"),
				new PageTemplateProperties(template.toUri().toString()));

		String html = custom.render(fullPage());

		assertThat(html).startsWith("<p class=\"custom\">Maria Sanda, Legal Counsel at Back Market by Maria Sanda</p>")
			.contains("<strong>Maria</strong>");
	}

	@Test
	void refusesToStartWithATemplateThatCannotBeRead(@TempDir Path dir) {
		String missing = dir.resolve("missing.mustache").toUri().toString();

		assertThatIllegalStateException()
			.isThrownBy(() -> new PageRenderer(new SiteProperties("https://blog.example.org/", "The Blog"),
					new PageTemplateProperties(missing)))
			.withMessageContaining(missing)
			.withMessageContaining("pipeline.page.template");
	}

	@Test
	void fastDatesAndPathSegmentsEqualTheFormattersAndTheEncoder() {
		java.util.Random random = new java.util.Random(42);
		List<Instant> instants = new java.util.ArrayList<>(List.of(PUBLISHED, Instant.EPOCH,
				Instant.parse("0000-01-01T00:00:00Z"), Instant.parse("0999-12-31T23:59:59.999999999Z"),
				Instant.parse("1000-02-28T00:00:00Z"), Instant.parse("9999-12-31T23:59:59.5Z"),
				Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("-0001-06-15T12:00:00Z")));
		for (int i = 0; i < 5_000; i++) {
			instants.add(Instant.ofEpochSecond(random.nextLong(-70_000_000_000L, 400_000_000_000L),
					random.nextInt(1_000_000_000)));
		}
		java.time.format.DateTimeFormatter display = java.time.format.DateTimeFormatter
			.ofPattern("d MMMM uuuu", java.util.Locale.ENGLISH)
			.withZone(java.time.ZoneOffset.UTC);
		for (Instant instant : instants) {
			java.time.LocalDateTime utc = java.time.LocalDateTime.ofInstant(instant, java.time.ZoneOffset.UTC);
			assertThat(PageRenderer.isoDate(instant, utc)).as("%s", instant)
				.isEqualTo(java.time.format.DateTimeFormatter.ISO_INSTANT
					.format(instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
			assertThat(PageRenderer.displayDate(instant, utc)).as("%s", instant).isEqualTo(display.format(instant));
		}
		for (String segment : List.of("maria-sanda", "a.b_c~d-9", "Éric", "藤原", "a b", "a/b", "a%20", "x?y#z",
				"ça-va", "Z")) {
			assertThat(PageRenderer.pathSegment(segment)).as(segment)
				.isEqualTo(org.springframework.web.util.UriUtils.encodePathSegment(segment,
						java.nio.charset.StandardCharsets.UTF_8));
		}
	}

}

package blog.pipeline.publish.authorindex;

import java.time.YearMonth;
import java.util.List;

import blog.pipeline.events.Author;
import blog.pipeline.events.SiteStylesheet;
import blog.pipeline.publish.catalog.CatalogEntry;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import static blog.pipeline.publish.catalog.CatalogEntries.properties;
import static blog.pipeline.publish.catalog.CatalogEntries.live;
import static blog.pipeline.publish.catalog.CatalogEntries.withCover;
import static org.assertj.core.api.Assertions.assertThat;

class AuthorIndexPageTests {

	private static final Author MARIA = new Author("maria", "Maria Sanda");

	private static final YearMonth MARCH = YearMonth.of(2024, 3);

	private static final YearMonth JANUARY = YearMonth.of(2024, 1);

	private final AuthorIndexPage page = new AuthorIndexPage(properties());

	@Test
	void showsThePostsInTheOrderGivenWithLinksToEveryArchiveMonth() {
		CatalogEntry newest = live("p2", 1, "open-source", MARIA, "Open-Source Alternatives", "2024-03-01T10:00:00Z");
		CatalogEntry older = live("p1", 1, "pela-case", MARIA, "Pela Case arrives", "2024-01-10T10:00:00Z");

		Document html = Jsoup.parse(this.page.renderLatest(MARIA, List.of(newest, older), List.of(MARCH, JANUARY), false));

		assertThat(titles(html)).containsExactly("Open-Source Alternatives", "Pela Case arrives");
		assertThat(html.select("nav.archive a").eachAttr("href")).containsExactly("/authors/maria/2024/03/",
				"/authors/maria/2024/01/");
		assertThat(html.select("nav.archive a").eachText()).containsExactly("March 2024", "January 2024");
	}

	@Test
	void linksThePageOfAllMonthsWhenItShowsOnlyTheRecentOnes() {
		Document html = Jsoup.parse(this.page.renderLatest(MARIA,
				List.of(live("p1", 1, "hello", MARIA, "Hello", "2024-03-10T10:00:00Z")), List.of(MARCH), true));
		Document all = Jsoup.parse(this.page.renderArchiveList(MARIA, List.of(MARCH, JANUARY)));

		assertThat(html.select("nav.archive a").eachAttr("href")).containsExactly("/authors/maria/2024/03/",
				"/authors/maria/archive/");
		assertThat(all.select("nav.archive a").eachText()).containsExactly("March 2024", "January 2024");
		assertThat(all.select("article")).isEmpty();
	}

	@Test
	void showsTitleLinkCoverExcerptAndContinueReading() {
		CatalogEntry post = withCover(live("p1", 1, "pela-case", MARIA, "Pela Case arrives", "2024-01-10T10:00:00Z"),
				"https://img.example/pela.jpg", "pela case");

		Document html = Jsoup.parse(this.page.renderLatest(MARIA, List.of(post), List.of(JANUARY), false));

		Element article = html.selectFirst("article");
		assertThat(article.selectFirst("h2 a").attr("href")).isEqualTo("/posts/pela-case/");
		Element cover = article.selectFirst("img");
		assertThat(cover.attr("src")).isEqualTo("https://img.example/pela.jpg");
		assertThat(cover.attr("alt")).isEqualTo("pela case");
		assertThat(article.selectFirst(".excerpt em").text()).isEqualTo("pela-case");
		Element more = article.selectFirst("a.more");
		assertThat(more.text()).isEqualTo("Continue reading");
		assertThat(more.attr("href")).isEqualTo("/posts/pela-case/");
	}

	@Test
	void archivePagesNameTheirMonthAndLinkBackToTheAuthorPageOnly() {
		CatalogEntry post = live("p1", 1, "hello", MARIA, "Hello", "2024-01-10T10:00:00Z");

		Document html = Jsoup.parse(this.page.renderMonth(MARIA, JANUARY, List.of(post)));

		assertThat(html.selectFirst("h1").text()).isEqualTo("All Posts By Maria Sanda");
		assertThat(html.title()).isEqualTo("All Posts By Maria Sanda · January 2024 · Back Market Blog");
		assertThat(html.select(".meta a").eachAttr("href")).containsExactly("/authors/maria/");
		assertThat(html.select("nav.archive")).isEmpty();
		assertThat(titles(html)).containsExactly("Hello");
	}

	@Test
	void showsNoCoverWhenThePostHasNone() {
		Document html = Jsoup.parse(this.page.renderLatest(MARIA,
				List.of(live("p1", 1, "plain", MARIA, "Plain", "2024-01-10T10:00:00Z")), List.of(JANUARY), false));

		assertThat(html.select("article img")).isEmpty();
	}

	@Test
	void isACompletePageHeadedWithTheAuthorsNameThatLinksTheSharedStylesheetAndTheFeed() {
		Document html = Jsoup.parse(this.page.renderLatest(MARIA,
				List.of(live("p1", 1, "hello", MARIA, "Hello", "2024-01-10T10:00:00Z")), List.of(JANUARY), false));

		assertThat(html.documentType().name()).isEqualTo("html");
		assertThat(html.selectFirst("html").attr("lang")).isEqualTo("en");
		assertThat(html.selectFirst("meta[charset]").attr("charset")).isEqualTo("utf-8");
		assertThat(html.selectFirst("meta[name=viewport]")).isNotNull();
		assertThat(html.title()).isEqualTo("All Posts By Maria Sanda · Back Market Blog");
		assertThat(html.selectFirst("h1").text()).isEqualTo("All Posts By Maria Sanda");
		assertThat(html.select("style")).isEmpty();
		assertThat(html.selectFirst("link[rel=stylesheet]").attr("href")).isEqualTo(SiteStylesheet.url());
		assertThat(html.selectFirst("link[rel=alternate]").attr("href")).isEqualTo("/authors/maria/feed.xml");
	}

	@Test
	void escapesEverythingButTheExcerpt() {
		Author sneaky = new Author("maria", "<b>Maria</b>");
		CatalogEntry post = withCover(
				live("p1", 1, "xss", sneaky, "<script>alert(1)</script>", "2024-01-10T10:00:00Z"),
				"https://img.example/a.jpg\" onerror=\"alert(2)", "\"><script>alert(3)</script>");

		String raw = this.page.renderLatest(sneaky, List.of(post), List.of(JANUARY), false);
		Document html = Jsoup.parse(raw);

		assertThat(raw).doesNotContain("<script>");
		assertThat(html.select("script")).isEmpty();
		assertThat(html.select("h1 b")).isEmpty();
		assertThat(titles(html)).containsExactly("<script>alert(1)</script>");
		assertThat(html.selectFirst("img").attr("alt")).isEqualTo("\"><script>alert(3)</script>");
		assertThat(html.selectFirst("img").hasAttr("onerror")).isFalse();
	}

	@Test
	void showsOnlyWebCoverImages() {
		CatalogEntry post = withCover(live("p1", 1, "js", MARIA, "JS", "2024-01-10T10:00:00Z"),
				"javascript:alert(1)", "x");

		assertThat(Jsoup.parse(this.page.renderLatest(MARIA, List.of(post), List.of(JANUARY), false)).select("img"))
			.isEmpty();
	}

	private static List<String> titles(Document html) {
		return html.select("article h2 a").eachText();
	}

}

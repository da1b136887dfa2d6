package blog.pipeline.publish.authorindex;

import java.time.Duration;
import java.util.List;

import blog.pipeline.events.Author;
import blog.pipeline.publish.PublishProperties;
import blog.pipeline.publish.catalog.CatalogEntry;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import static blog.pipeline.publish.catalog.CatalogEntries.acceptedAt;
import static blog.pipeline.publish.catalog.CatalogEntries.live;
import static blog.pipeline.publish.catalog.CatalogEntries.withCover;
import static blog.pipeline.publish.catalog.CatalogEntries.withdrawnCopy;
import static org.assertj.core.api.Assertions.assertThat;

class AuthorIndexPageTests {

	private static final Author MARIA = new Author("maria", "Maria Sanda");

	private static final Author CYRIAC = new Author("cyriac", "Cyriac Barrois");

	private final AuthorIndexPage page = new AuthorIndexPage(
			new PublishProperties("public, max-age=60", "Back Market Blog", 10, Duration.ofSeconds(5)));

	@Test
	void listsTheAuthorsPostsNewestFirst() {
		CatalogEntry older = live("p1", 1, "pela-case", MARIA, "Pela Case arrives", "2024-01-10T10:00:00Z");
		CatalogEntry newest = live("p2", 1, "open-source", MARIA, "Open-Source Alternatives", "2024-03-01T10:00:00Z");
		CatalogEntry middle = live("p3", 1, "eco-brands", MARIA, "Eco Brands", "2024-02-01T10:00:00Z");

		Document html = render("maria", List.of(older, newest, middle));

		assertThat(titles(html)).containsExactly("Open-Source Alternatives", "Eco Brands", "Pela Case arrives");
	}

	@Test
	void postsWithTheSameDateKeepAStableOrderByPostId() {
		CatalogEntry b = live("b", 1, "b", MARIA, "B", "2024-01-10T10:00:00Z");
		CatalogEntry a = live("a", 1, "a", MARIA, "A", "2024-01-10T10:00:00Z");

		assertThat(titles(render("maria", List.of(b, a)))).containsExactly("A", "B");
		assertThat(titles(render("maria", List.of(a, b)))).containsExactly("A", "B");
	}

	@Test
	void listsEachPostOnceInItsLatestVersion() {
		CatalogEntry v1 = live("p1", 1, "hello", MARIA, "Hello", "2024-01-10T10:00:00Z");
		CatalogEntry v2 = live("p1", 2, "hello", MARIA, "Hello again", "2024-01-10T10:00:00Z");

		assertThat(titles(render("maria", List.of(v2, v1, v2)))).containsExactly("Hello again");
	}

	@Test
	void leavesOutWithdrawnPostsAndOtherAuthors() {
		CatalogEntry kept = live("p1", 1, "kept", MARIA, "Kept", "2024-01-10T10:00:00Z");
		CatalogEntry withdrawn = withdrawnCopy(live("p2", 1, "gone", MARIA, "Gone", "2024-02-10T10:00:00Z"));
		CatalogEntry other = live("p3", 1, "other", CYRIAC, "Someone else's", "2024-03-10T10:00:00Z");

		Document html = render("maria", List.of(kept, withdrawn, other));

		assertThat(titles(html)).containsExactly("Kept");
		assertThat(html.select("a[href=/posts/gone/]")).isEmpty();
	}

	@Test
	void showsTitleLinkCoverExcerptAndContinueReading() {
		CatalogEntry post = withCover(live("p1", 1, "pela-case", MARIA, "Pela Case arrives", "2024-01-10T10:00:00Z"),
				"https://img.example/pela.jpg", "pela case");

		Document html = render("maria", List.of(post));

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
	void showsNoCoverWhenThePostHasNone() {
		Document html = render("maria", List.of(live("p1", 1, "plain", MARIA, "Plain", "2024-01-10T10:00:00Z")));

		assertThat(html.select("article img")).isEmpty();
	}

	@Test
	void isACompletePageHeadedWithTheAuthorsName() {
		Document html = render("maria", List.of(live("p1", 1, "hello", MARIA, "Hello", "2024-01-10T10:00:00Z")));

		assertThat(html.documentType().name()).isEqualTo("html");
		assertThat(html.selectFirst("html").attr("lang")).isEqualTo("en");
		assertThat(html.selectFirst("meta[charset]").attr("charset")).isEqualTo("utf-8");
		assertThat(html.selectFirst("meta[name=viewport]")).isNotNull();
		assertThat(html.title()).isEqualTo("All Posts By Maria Sanda · Back Market Blog");
		assertThat(html.selectFirst("h1").text()).isEqualTo("All Posts By Maria Sanda");
		assertThat(html.selectFirst("style")).isNotNull();
	}

	@Test
	void escapesEverythingButTheExcerpt() {
		Author sneaky = new Author("maria", "<b>Maria</b>");
		CatalogEntry post = withCover(
				live("p1", 1, "xss", sneaky, "<script>alert(1)</script>", "2024-01-10T10:00:00Z"),
				"https://img.example/a.jpg\" onerror=\"alert(2)", "\"><script>alert(3)</script>");

		String raw = this.page.render("maria", List.of(post)).orElseThrow();
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

		assertThat(render("maria", List.of(post)).select("img")).isEmpty();
	}

	@Test
	void namesTheAuthorAsInTheLatestAcceptedPost() {
		CatalogEntry old = acceptedAt(live("p1", 1, "a", new Author("maria", "Maria S."), "A", "2024-01-10T10:00:00Z"),
				"2024-01-10T10:00:00Z");
		CatalogEntry renamed = acceptedAt(live("p2", 5, "b", MARIA, "B", "2023-01-10T10:00:00Z"),
				"2024-06-01T10:00:00Z");

		assertThat(render("maria", List.of(old, renamed)).selectFirst("h1").text())
			.isEqualTo("All Posts By Maria Sanda");
	}

	@Test
	void rendersNothingForAnAuthorWithoutLivePosts() {
		CatalogEntry withdrawn = withdrawnCopy(live("p1", 1, "gone", MARIA, "Gone", "2024-01-10T10:00:00Z"));

		assertThat(this.page.render("maria", List.of(withdrawn))).isEmpty();
		assertThat(this.page.render("nobody", List.of())).isEmpty();
	}

	private Document render(String authorId, List<CatalogEntry> entries) {
		return Jsoup.parse(this.page.render(authorId, entries).orElseThrow());
	}

	private static List<String> titles(Document html) {
		return html.select("article h2 a").eachText();
	}

}

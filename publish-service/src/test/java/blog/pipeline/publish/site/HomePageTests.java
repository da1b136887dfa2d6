package blog.pipeline.publish.site;

import java.util.List;

import blog.pipeline.events.Author;
import blog.pipeline.events.SiteStylesheet;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import static blog.pipeline.publish.catalog.CatalogEntries.live;
import static blog.pipeline.publish.catalog.CatalogEntries.properties;
import static org.assertj.core.api.Assertions.assertThat;

class HomePageTests {

	private static final Author MARIA = new Author("maria", "Maria Sanda");

	private static final Author CYRIAC = new Author("cyriac", "Cyriac Barrois");

	private final HomePage page = new HomePage(properties());

	@Test
	void listsTheNewestPostsAndLinksEveryAuthor() {
		Document html = Jsoup.parse(this.page.render(
				List.of(live("p2", 1, "post-2", MARIA, "Post 2", "2024-01-02T10:00:00Z"),
						live("p1", 1, "post-1", CYRIAC, "Post 1", "2024-01-01T10:00:00Z")),
				List.of(CYRIAC, MARIA)));

		assertThat(html.select("ul.posts li > a").eachText()).containsExactly("Post 2", "Post 1");
		assertThat(html.select("ul.posts li > a").eachAttr("href")).containsExactly("/posts/post-2/",
				"/posts/post-1/");
		assertThat(html.select("ul.authors a").eachText()).containsExactly("Cyriac Barrois", "Maria Sanda");
		assertThat(html.select("ul.authors a").eachAttr("href")).containsExactly("/authors/cyriac/",
				"/authors/maria/");
	}

	@Test
	void isACompleteEscapedPageThatLinksTheStylesheetAndTheFeed() {
		Author sneaky = new Author("x", "<script>x</script>");
		Document html = Jsoup.parse(this.page
			.render(List.of(live("p1", 1, "a", sneaky, "<script>y</script>", "2024-01-10T10:00:00Z")), List.of(sneaky)));

		assertThat(html.select("script")).isEmpty();
		assertThat(html.selectFirst("html").attr("lang")).isEqualTo("en");
		assertThat(html.selectFirst("meta[charset]").attr("charset")).isEqualTo("utf-8");
		assertThat(html.title()).isEqualTo("Back Market Blog");
		assertThat(html.select("ul.posts li > a").eachText()).containsExactly("<script>y</script>");
		assertThat(html.selectFirst("link[rel=stylesheet]").attr("href")).isEqualTo(SiteStylesheet.url());
		assertThat(html.selectFirst("link[rel=alternate]").attr("href")).isEqualTo("/feed.xml");
	}

}

package blog.pipeline.publish.homepage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import blog.pipeline.events.Author;
import blog.pipeline.publish.PublishProperties;
import blog.pipeline.publish.catalog.CatalogEntry;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import static blog.pipeline.publish.catalog.CatalogEntries.live;
import static blog.pipeline.publish.catalog.CatalogEntries.withdrawnCopy;
import static org.assertj.core.api.Assertions.assertThat;

class HomePageTests {

	private static final Author MARIA = new Author("maria", "Maria Sanda");

	private static final Author CYRIAC = new Author("cyriac", "Cyriac Barrois");

	private static final Author GONE = new Author("gone", "Gone Author");

	private final HomePage page = new HomePage(
			new PublishProperties("public, max-age=60", "Back Market Blog", 3, Duration.ofSeconds(5)));

	@Test
	void linksEveryAuthorWithALivePostSortedByName() {
		List<CatalogEntry> entries = List.of(live("p1", 1, "a", MARIA, "A", "2024-01-10T10:00:00Z"),
				live("p2", 1, "b", MARIA, "B", "2024-01-11T10:00:00Z"),
				live("p3", 1, "c", CYRIAC, "C", "2024-01-12T10:00:00Z"),
				withdrawnCopy(live("p4", 1, "d", GONE, "D", "2024-01-13T10:00:00Z")));

		Document html = Jsoup.parse(this.page.render(entries));

		assertThat(html.select("ul.authors a").eachText()).containsExactly("Cyriac Barrois", "Maria Sanda");
		assertThat(html.select("ul.authors a").eachAttr("href")).containsExactly("/authors/cyriac/",
				"/authors/maria/");
	}

	@Test
	void listsTheNewestPostsAcrossAuthors() {
		List<CatalogEntry> entries = new ArrayList<>();
		for (int day = 1; day <= 5; day++) {
			entries.add(live("p" + day, 1, "post-" + day, (day % 2 == 0) ? MARIA : CYRIAC, "Post " + day,
					"2024-01-0" + day + "T10:00:00Z"));
		}

		Document html = Jsoup.parse(this.page.render(entries));

		assertThat(html.select("ul.posts li > a").eachText()).containsExactly("Post 5", "Post 4", "Post 3");
		assertThat(html.select("ul.posts li > a").eachAttr("href")).containsExactly("/posts/post-5/",
				"/posts/post-4/", "/posts/post-3/");
	}

	@Test
	void isACompleteEscapedPage() {
		Document html = Jsoup.parse(this.page.render(
				List.of(live("p1", 1, "a", new Author("x", "<script>x</script>"), "<script>y</script>",
						"2024-01-10T10:00:00Z"))));

		assertThat(html.select("script")).isEmpty();
		assertThat(html.selectFirst("html").attr("lang")).isEqualTo("en");
		assertThat(html.selectFirst("meta[charset]").attr("charset")).isEqualTo("utf-8");
		assertThat(html.title()).isEqualTo("Back Market Blog");
		assertThat(html.select("ul.posts li > a").eachText()).containsExactly("<script>y</script>");
	}

}

package blog.pipeline.publish.authorindex;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import blog.pipeline.events.Author;
import blog.pipeline.publish.catalog.CatalogEntry;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

import static blog.pipeline.publish.catalog.CatalogEntries.live;
import static blog.pipeline.publish.catalog.CatalogEntries.properties;
import static org.assertj.core.api.Assertions.assertThat;

/** An author's pages are rendered again only when what they show changed. */
class RenderedPagesTests {

	private static final Author MARIA = new Author("maria", "Maria Sanda");

	private static final YearMonth MARCH = YearMonth.of(2024, 3);

	private static final String KEY = "authors/maria/2024/03/index.html";

	private final AuthorIndexPage page = new AuthorIndexPage(properties());

	private final RenderedPages rendered = new RenderedPages();

	private final List<Map<String, Object>> renders = new ArrayList<>();

	private final Function<Map<String, Object>, String> counting = (model) -> {
		this.renders.add(model);
		return this.page.render(model);
	};

	private String month(CatalogEntry... posts) {
		return this.rendered.page(KEY, this.page.monthModel(MARIA, MARCH, List.of(posts)), this.counting);
	}

	@Test
	void aNewVersionThatShowsTheSameIsNotRenderedAgainAndGivesTheSamePage() {
		CatalogEntry other = live("p2", 1, "open-source", MARIA, "Open-Source Alternatives", "2024-03-01T10:00:00Z");
		String first = month(live("p1", 1, "pela-case", MARIA, "Pela Case", "2024-03-10T10:00:00Z"), other);

		// an edit of the body: another version, same title, excerpt, cover and date
		String second = month(live("p1", 2, "pela-case", MARIA, "Pela Case", "2024-03-10T10:00:00Z"), other);

		assertThat(this.renders).hasSize(1);
		assertThat(second).isSameAs(first)
			.isEqualTo(this.page.renderMonth(MARIA, MARCH,
					List.of(live("p1", 2, "pela-case", MARIA, "Pela Case", "2024-03-10T10:00:00Z"), other)));
	}

	@Test
	void aChangeOfWhatThePageShowsRendersItAgain() {
		month(live("p1", 1, "pela-case", MARIA, "Pela Case", "2024-03-10T10:00:00Z"));

		String retitled = month(live("p1", 2, "pela-case", MARIA, "Pela Case arrives", "2024-03-10T10:00:00Z"));
		String moved = month(live("p1", 3, "pela-case-2", MARIA, "Pela Case arrives", "2024-03-10T10:00:00Z"));

		assertThat(this.renders).hasSize(3);
		assertThat(Jsoup.parse(retitled).select("article h2").eachText()).containsExactly("Pela Case arrives");
		assertThat(Jsoup.parse(moved).select("article a").eachAttr("href")).contains("/posts/pela-case-2/");
	}

	@Test
	void theSameModelUnderAnotherKeyIsRenderedForThatKey() {
		CatalogEntry post = live("p1", 1, "pela-case", MARIA, "Pela Case", "2024-03-10T10:00:00Z");
		Map<String, Object> model = this.page.monthModel(MARIA, MARCH, List.of(post));

		this.rendered.page(KEY, model, this.counting);
		this.rendered.page("authors/maria/index.html", model, this.counting);
		this.rendered.page(KEY, model, this.counting);

		assertThat(this.renders).hasSize(2);
	}

}

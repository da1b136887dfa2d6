package blog.pipeline.publish.site;

import java.time.Instant;
import java.time.YearMonth;
import java.util.List;

import blog.pipeline.events.Author;
import blog.pipeline.events.PostWithdrawn;
import blog.pipeline.publish.catalog.CatalogEntries;
import blog.pipeline.publish.catalog.CatalogEntry;
import org.junit.jupiter.api.Test;

import static blog.pipeline.publish.catalog.CatalogEntries.live;
import static org.assertj.core.api.Assertions.assertThat;

class SiteShelfTests {

	private static final Author MARIA = new Author("maria", "Maria Sanda");

	private static final Author CYRIAC = new Author("cyriac", "Cyriac Barrois");

	private final SiteShelf shelf = new SiteShelf();

	@Test
	void keepsTheNewestPostsAcrossAuthorsAndTheAuthorsSortedByName() {
		apply(live("a", 1, "a", MARIA, "A", "2024-01-10T10:00:00Z"));
		apply(live("b", 1, "b", CYRIAC, "B", "2024-03-10T10:00:00Z"));
		apply(live("c", 1, "c", MARIA, "C", "2024-02-10T10:00:00Z"));

		assertThat(this.shelf.newest(2)).extracting(CatalogEntry::title).containsExactly("B", "C");
		assertThat(this.shelf.authors()).containsExactly(CYRIAC, MARIA);
		assertThat(this.shelf.months()).containsExactly(YearMonth.of(2024, 3), YearMonth.of(2024, 2),
				YearMonth.of(2024, 1));
	}

	@Test
	void aChangeTouchesItsMonthAndSaysWhenTheAuthorsChanged() {
		assertThat(apply(live("a", 1, "a", MARIA, "A", "2024-01-10T10:00:00Z")))
			.isEqualTo(new SiteShelf.Effect(java.util.Set.of(YearMonth.of(2024, 1)), true));
		assertThat(apply(live("b", 1, "b", MARIA, "B", "2024-01-12T10:00:00Z")).authorsChanged()).isFalse();
		assertThat(apply(live("a", 2, "a", MARIA, "A", "2024-02-10T10:00:00Z")).months())
			.containsExactlyInAnyOrder(YearMonth.of(2024, 1), YearMonth.of(2024, 2));
	}

	@Test
	void aWithdrawnPostLeavesEverythingAndAnOlderVersionNeverComesBack() {
		CatalogEntry post = live("a", 1, "a", MARIA, "A", "2024-01-10T10:00:00Z");
		apply(post);

		SiteShelf.Effect effect = apply(CatalogEntry.withdrawn(new PostWithdrawn("a", 2, Instant.now()), post));

		assertThat(effect.authorsChanged()).isTrue();
		assertThat(apply(post)).isNull();
		assertThat(this.shelf.newest(10)).isEmpty();
		assertThat(this.shelf.authors()).isEmpty();
		assertThat(this.shelf.month(YearMonth.of(2024, 1))).isEmpty();
	}

	@Test
	void aMonthPartRendersOnlyTheLinesOfPostsThatChangedSinceTheLastRendering() {
		Sitemaps sitemaps = new Sitemaps(CatalogEntries.properties());
		apply(live("a", 1, "a", MARIA, "A", "2024-01-10T10:00:00Z"));
		apply(live("b", 1, "b", MARIA, "B", "2024-01-12T10:00:00Z"));
		String first = sitemaps.renderMonth(this.shelf.month(YearMonth.of(2024, 1)), this.shelf.sitemapLines());
		assertThat(this.shelf.sitemapLines()).containsOnlyKeys("a", "b");

		apply(CatalogEntries.acceptedAt(live("a", 2, "a", MARIA, "A", "2024-01-10T10:00:00Z"), "2024-01-20T08:00:00Z"));

		assertThat(this.shelf.sitemapLines()).containsOnlyKeys("b");
		String second = sitemaps.renderMonth(this.shelf.month(YearMonth.of(2024, 1)), this.shelf.sitemapLines());
		assertThat(second).isNotEqualTo(first)
			.contains("<lastmod>2024-01-20T08:00:00Z</lastmod>")
			.isEqualTo(sitemaps.renderMonth(this.shelf.month(YearMonth.of(2024, 1))));
	}

	private SiteShelf.Effect apply(CatalogEntry entry) {
		return this.shelf.apply(new SiteChange(entry, null, List.of(), List.of()));
	}

}

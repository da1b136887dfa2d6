package blog.pipeline.publish.authorindex;

import java.time.Instant;
import java.time.YearMonth;
import java.util.List;

import blog.pipeline.events.Author;
import blog.pipeline.publish.catalog.CatalogEntry;
import blog.pipeline.publish.catalog.SharedEntries;
import org.junit.jupiter.api.Test;

import static blog.pipeline.publish.catalog.CatalogEntries.acceptedAt;
import static blog.pipeline.publish.catalog.CatalogEntries.live;
import static org.assertj.core.api.Assertions.assertThat;

class AuthorShelfTests {

	private static final Author MARIA = new Author("maria", "Maria Sanda");

	private final SharedEntries shared = new SharedEntries();

	private final AuthorShelf shelf = new AuthorShelf(this.shared);

	@Test
	void listsTheNewestPostsFirstAcrossMonths() {
		add(live("a", 1, "a", MARIA, "A", "2024-01-10T10:00:00Z"));
		add(live("b", 1, "b", MARIA, "B", "2024-03-01T10:00:00Z"));
		add(live("c", 1, "c", MARIA, "C", "2024-02-01T10:00:00Z"));
		add(live("d", 1, "d", MARIA, "D", "2024-03-05T10:00:00Z"));

		assertThat(this.shelf.newest(3)).extracting(CatalogEntry::title).containsExactly("D", "B", "C");
		assertThat(this.shelf.months()).containsExactly(YearMonth.of(2024, 3), YearMonth.of(2024, 2),
				YearMonth.of(2024, 1));
		assertThat(this.shelf.month(YearMonth.of(2024, 3))).extracting(CatalogEntry::title).containsExactly("D", "B");
	}

	@Test
	void aNewPostChangesOnlyItsOwnMonthWhateverTheAuthorsPostCount() {
		Instant start = Instant.parse("2020-01-01T00:00:00Z");
		for (int i = 0; i < 2_000; i++) {
			add(live("p" + i, 1, "p" + i, MARIA, "P" + i, start.plusSeconds(i * 86_400L).toString()));
		}

		assertThat(add(live("new", 1, "new", MARIA, "New", "2021-06-15T10:00:00Z")))
			.containsExactly(YearMonth.of(2021, 6));
		assertThat(this.shelf.size()).isEqualTo(2_001);
	}

	@Test
	void aPostWhoseDateMovesChangesItsOldAndItsNewMonth() {
		add(live("a", 1, "a", MARIA, "A", "2024-01-10T10:00:00Z"));

		assertThat(add(live("a", 2, "a", MARIA, "A", "2024-02-10T10:00:00Z"))).containsExactly(YearMonth.of(2024, 1),
				YearMonth.of(2024, 2));
		assertThat(this.shelf.months()).containsExactly(YearMonth.of(2024, 2));
	}

	@Test
	void neverGoesBackToAnOlderVersion() {
		add(live("a", 2, "a", MARIA, "A v2", "2024-01-10T10:00:00Z"));

		assertThat(add(live("a", 1, "a", MARIA, "A v1", "2024-01-10T10:00:00Z"))).isNull();
		assertThat(this.shelf.newest(10)).extracting(CatalogEntry::title).containsExactly("A v2");
	}

	@Test
	void applyingTheSameVersionAgainChangesNothingButNamesItsMonth() {
		CatalogEntry post = live("a", 1, "a", MARIA, "A", "2024-01-10T10:00:00Z");
		add(post);

		assertThat(add(post)).containsExactly(YearMonth.of(2024, 1));
		assertThat(this.shelf.size()).isEqualTo(1);
	}

	@Test
	void aRemovalTakesThePostOffAndAnOlderUpsertDoesNotBringItBack() {
		CatalogEntry post = live("a", 1, "a", MARIA, "A", "2024-01-10T10:00:00Z");
		add(post);

		this.shelf.apply(new AuthorIndexChange("maria", live("a", 2, "a", MARIA, "A", "2024-01-10T10:00:00Z"), false,
				true, null, List.of(), List.of()));
		add(post);

		assertThat(this.shelf.isEmpty()).isTrue();
		assertThat(this.shelf.months()).isEmpty();
	}

	@Test
	void aRemovalOfAPostItNeverSawNamesThePreviousMonth() {
		assertThat(this.shelf.apply(new AuthorIndexChange("maria",
				live("a", 2, "a", MARIA, "A", "2024-05-10T10:00:00Z"), false, false,
				Instant.parse("2024-01-10T10:00:00Z"), List.of(), List.of())))
			.containsExactly(YearMonth.of(2024, 1));
	}

	@Test
	void theListOfMonthsNeedsWritingWhenNewAndWhenAMonthAppearsOrEmpties() {
		assertThat(this.shelf.monthListDirty()).isTrue();
		add(live("a", 1, "a", MARIA, "A", "2024-01-10T10:00:00Z"));
		this.shelf.monthListWritten();

		add(live("b", 1, "b", MARIA, "B", "2024-01-12T10:00:00Z"));
		assertThat(this.shelf.monthListDirty()).isFalse();
		add(live("b", 2, "b", MARIA, "B", "2024-02-12T10:00:00Z"));
		assertThat(this.shelf.monthListDirty()).isTrue();
	}

	@Test
	void keepsTheInstanceOfAnEntryThatTheCatalogAlreadyHolds() {
		CatalogEntry heldByTheCatalog = this.shared.share(live("a", 1, "a", MARIA, "A", "2024-01-10T10:00:00Z"));

		add(live("a", 1, "a", MARIA, "A", "2024-01-10T10:00:00Z"));

		assertThat(this.shelf.newest(1)).singleElement().isSameAs(heldByTheCatalog);
		assertThat(this.shelf.month(YearMonth.of(2024, 1))).singleElement().isSameAs(heldByTheCatalog);
	}

	@Test
	void namesTheAuthorAsInTheLatestAcceptedPost() {
		add(acceptedAt(live("a", 1, "a", new Author("maria", "Maria S."), "A", "2024-01-10T10:00:00Z"),
				"2024-01-10T10:00:00Z"));
		add(acceptedAt(live("b", 1, "b", MARIA, "B", "2023-01-10T10:00:00Z"), "2024-06-01T10:00:00Z"));

		assertThat(this.shelf.author(new Author("maria", "maria")).name()).isEqualTo("Maria Sanda");
	}

	private java.util.Set<YearMonth> add(CatalogEntry entry) {
		return this.shelf.apply(new AuthorIndexChange(entry.author().id(), entry, true, true, null, List.of(),
				List.of()));
	}

}

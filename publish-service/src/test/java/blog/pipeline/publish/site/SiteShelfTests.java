package blog.pipeline.publish.site;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import blog.pipeline.events.Author;
import blog.pipeline.events.PostWithdrawn;
import blog.pipeline.publish.catalog.CatalogEntries;
import blog.pipeline.publish.catalog.CatalogEntry;
import blog.pipeline.publish.catalog.SharedEntries;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.support.serializer.JacksonJsonDeserializer;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;

import static blog.pipeline.publish.catalog.CatalogEntries.live;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SiteShelfTests {

	private static final Author MARIA = new Author("maria", "Maria Sanda");

	private static final Author CYRIAC = new Author("cyriac", "Cyriac Barrois");

	// of 4 parts, posts "a" and "c" are in part 3, "b" in part 1 (SiteLayout.sitemapPartOf)
	private final SharedEntries shared = new SharedEntries();

	private final SiteShelf shelf = new SiteShelf(4, this.shared);

	@Test
	void keepsTheNewestPostsAcrossAuthorsAndTheAuthorsSortedByName() {
		apply(live("a", 1, "a", MARIA, "A", "2024-01-10T10:00:00Z"));
		apply(live("b", 1, "b", CYRIAC, "B", "2024-03-10T10:00:00Z"));
		apply(live("c", 1, "c", MARIA, "C", "2024-02-10T10:00:00Z"));

		assertThat(this.shelf.newest(2)).extracting(CatalogEntry::title).containsExactly("B", "C");
		assertThat(this.shelf.authors()).containsExactly(CYRIAC, MARIA);
		assertThat(this.shelf.parts()).containsExactly(1, 3);
		assertThat(this.shelf.part(3)).extracting(CatalogEntry::title).containsExactly("C", "A");
		assertThat(this.shelf.part(0)).isEmpty();
	}

	@Test
	void aChangeTouchesThePartOfItsPostWhateverItsDateAndSaysWhenTheAuthorsChanged() {
		assertThat(apply(live("a", 1, "a", MARIA, "A", "2024-01-10T10:00:00Z")))
			.isEqualTo(new SiteShelf.Effect(3, true));
		assertThat(apply(live("b", 1, "b", MARIA, "B", "2024-01-12T10:00:00Z"))).isEqualTo(new SiteShelf.Effect(1, false));
		assertThat(apply(live("a", 2, "a", MARIA, "A", "2025-06-10T10:00:00Z"))).isEqualTo(new SiteShelf.Effect(3, false));
		assertThat(this.shelf.part(3)).extracting(CatalogEntry::version).containsExactly(2L);
	}

	@Test
	void aRecordAppliedAgainAfterAFailedBatchTouchesItsPartAgain() {
		CatalogEntry post = live("a", 1, "a", MARIA, "A", "2024-01-10T10:00:00Z");
		CatalogEntry withdrawn = CatalogEntry.withdrawn(new PostWithdrawn("a", 2, Instant.now()), post);
		apply(post);
		apply(withdrawn);

		// the part was emptied by the first attempt; its delete may not have happened
		assertThat(apply(withdrawn)).isEqualTo(new SiteShelf.Effect(3, false));
	}

	@Test
	void theIndexIsDueWhenAPartGainsItsFirstPostOrLosesItsLastAndEveryPartIsDueOnceForANewShelf() {
		CatalogEntry a = live("a", 1, "a", MARIA, "A", "2024-01-10T10:00:00Z");
		apply(a);
		assertThat(this.shelf.partListDirty()).isTrue();
		assertThat(this.shelf.everyPartDue()).isTrue();
		this.shelf.listsWritten();
		assertThat(this.shelf.everyPartDue()).isFalse();

		apply(live("c", 1, "c", MARIA, "C", "2024-02-10T10:00:00Z"));
		assertThat(this.shelf.partListDirty()).isFalse();
		apply(live("b", 1, "b", MARIA, "B", "2024-03-10T10:00:00Z"));
		assertThat(this.shelf.partListDirty()).isTrue();
		this.shelf.listsWritten();

		apply(CatalogEntry.withdrawn(new PostWithdrawn("b", 2, Instant.now()), live("b", 1, "b", MARIA, "B",
				"2024-03-10T10:00:00Z")));
		assertThat(this.shelf.partListDirty()).isTrue();
		assertThat(this.shelf.parts()).containsExactly(3);
		assertThat(this.shelf.everyPartDue()).isFalse();
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
		assertThat(this.shelf.part(3)).isEmpty();
		assertThat(this.shelf.parts()).isEmpty();
	}

	@Test
	void aPartRendersOnlyTheLinesOfPostsThatChangedSinceTheLastRendering() {
		Sitemaps sitemaps = new Sitemaps(CatalogEntries.properties());
		apply(live("a", 1, "a", MARIA, "A", "2024-01-10T10:00:00Z"));
		apply(live("c", 1, "c", MARIA, "C", "2024-01-12T10:00:00Z"));
		String first = sitemaps.renderPart(this.shelf.part(3), this.shelf.sitemapLines());
		assertThat(this.shelf.sitemapLines()).containsOnlyKeys("a", "c");

		apply(CatalogEntries.acceptedAt(live("a", 2, "a", MARIA, "A", "2024-01-10T10:00:00Z"), "2024-01-20T08:00:00Z"));

		assertThat(this.shelf.sitemapLines()).containsOnlyKeys("c");
		String second = sitemaps.renderPart(this.shelf.part(3), this.shelf.sitemapLines());
		assertThat(second).isNotEqualTo(first)
			.contains("<lastmod>2024-01-20T08:00:00Z</lastmod>")
			.isEqualTo(sitemaps.renderPart(this.shelf.part(3)));
	}

	@Test
	void keepsTheInstanceOfAnEntryThatTheCatalogAlreadyHolds() {
		CatalogEntry heldByTheCatalog = this.shared.share(live("a", 1, "a", MARIA, "A", "2024-01-10T10:00:00Z"));

		apply(live("a", 1, "a", MARIA, "A", "2024-01-10T10:00:00Z"));

		assertThat(this.shelf.newest(1)).singleElement().isSameAs(heldByTheCatalog);
		assertThat(this.shelf.part(3)).singleElement().isSameAs(heldByTheCatalog);
	}

	@Test
	void aPartWrittenLessThanTheDelayAgoWaitsWithEveryChangeToItUntilTheDelayIsOver() {
		Duration delay = Duration.ofSeconds(10);
		long start = 1_000_000_000L;
		// never written: due at once
		assertThat(this.shelf.dueParts(List.of(1, 3), start, delay)).containsExactly(1, 3);
		this.shelf.partsWritten(List.of(1, 3), start, false);
		assertThat(this.shelf.hasPendingParts()).isFalse();

		// written 4 s ago: part 3 waits, part 2 (never written) does not
		long later = start + Duration.ofSeconds(4).toNanos();
		assertThat(this.shelf.dueParts(List.of(3, 2), later, delay)).containsExactly(2);
		this.shelf.partsWritten(List.of(2), later, false);
		assertThat(this.shelf.hasPendingParts()).isTrue();
		// a batch that touches nothing else still finds part 3 waiting, until 10 s after its write
		assertThat(this.shelf.dueParts(List.of(), start + Duration.ofSeconds(9).toNanos(), delay)).isEmpty();
		long due = start + delay.toNanos();
		assertThat(this.shelf.dueParts(List.of(1), due, delay)).containsExactly(1, 3);
		this.shelf.partsWritten(List.of(1, 3), due, false);
		assertThat(this.shelf.hasPendingParts()).isFalse();

		// no delay: every change is due with its batch
		assertThat(this.shelf.dueParts(List.of(3), due, Duration.ZERO)).containsExactly(3);
	}

	@Test
	void writingEveryPartLeavesNoPartWaiting() {
		this.shelf.partsWritten(List.of(3), 0, false);
		assertThat(this.shelf.dueParts(List.of(3, 1), 1, Duration.ofSeconds(10))).containsExactly(1);

		this.shelf.partsWritten(List.of(1), 2, true);

		assertThat(this.shelf.hasPendingParts()).isFalse();
	}

	@Test
	void needsAtLeastOnePart() {
		assertThatIllegalArgumentException().isThrownBy(() -> new SiteShelf(0, new SharedEntries()));
	}

	@Test
	void aRecordOfTheSiteIndexTopicWrittenBeforeTheHashedPartsStillReads() {
		SiteChange change = new SiteChange(live("a", 1, "a", MARIA, "A", "2024-01-10T10:00:00Z"),
				List.of("posts/a/index.html"), List.of("/posts/a/"));
		String json;
		try (JacksonJsonSerializer<SiteChange> serializer = new JacksonJsonSerializer<>()) {
			json = new String(serializer.serialize("t", change), StandardCharsets.UTF_8);
		}
		// the month parts' records carried the post's previous date
		String older = json.replaceFirst("\\{", "{\"previousPublishedAt\":\"2024-01-01T10:00:00Z\",");
		assertThat(older).contains("previousPublishedAt");

		try (JacksonJsonDeserializer<SiteChange> deserializer = new JacksonJsonDeserializer<>(SiteChange.class, false)) {
			assertThat(deserializer.deserialize("t", older.getBytes(StandardCharsets.UTF_8))).isEqualTo(change);
		}
	}

	private SiteShelf.Effect apply(CatalogEntry entry) {
		return this.shelf.apply(new SiteChange(entry, List.of(), List.of()));
	}

}

package blog.pipeline.publish.catalog;

import blog.pipeline.events.Author;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.support.serializer.JacksonJsonDeserializer;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;

import static org.assertj.core.api.Assertions.assertThat;

class SharedEntriesTests {

	private static final Author MARIA = new Author("maria", "Maria Lopez");

	private final SharedEntries shared = new SharedEntries();

	@Test
	void anEntryReadBackFromItsTopicIsSwappedForTheEqualInstanceAlreadyHeld() {
		CatalogEntry written = CatalogEntry.of(CatalogEntries.rendered("p1", 3, "hello", MARIA, "Hello",
				java.time.Instant.parse("2025-03-01T10:15:30.123456789Z"), null), java.util.List.of("old-hello"));
		CatalogEntry readBack = roundTrip(written);
		assertThat(readBack).isEqualTo(written).isNotSameAs(written);

		assertThat(this.shared.share(written)).isSameAs(written);
		assertThat(this.shared.share(readBack)).isSameAs(written);
		assertThat(this.shared.share(roundTrip(written))).isSameAs(written);
	}

	@Test
	void anEntryThatDiffersIsKeptAsItIsAndSharedFromThenOn() {
		CatalogEntry v1 = CatalogEntries.live("p1", 1, "hello", MARIA, "Hello", "2025-03-01T10:00:00Z");
		CatalogEntry v2 = CatalogEntries.live("p1", 2, "hello", MARIA, "Hello again", "2025-03-01T10:00:00Z");
		CatalogEntry withdrawn = CatalogEntries.withdrawnCopy(v2);
		CatalogEntry otherPost = CatalogEntries.live("p2", 1, "hello", MARIA, "Hello", "2025-03-01T10:00:00Z");

		assertThat(this.shared.share(v1)).isSameAs(v1);
		assertThat(this.shared.share(v2)).isSameAs(v2);
		assertThat(this.shared.share(withdrawn)).isSameAs(withdrawn);
		assertThat(this.shared.share(otherPost)).isSameAs(otherPost);
		assertThat(this.shared.share(roundTrip(withdrawn))).isSameAs(withdrawn);
		assertThat(this.shared.share(roundTrip(otherPost))).isSameAs(otherPost);
	}

	private static CatalogEntry roundTrip(CatalogEntry entry) {
		try (JacksonJsonSerializer<CatalogEntry> serializer = new JacksonJsonSerializer<>();
				JacksonJsonDeserializer<CatalogEntry> deserializer = new JacksonJsonDeserializer<>(CatalogEntry.class,
						false)) {
			return deserializer.deserialize("catalog", serializer.serialize("catalog", entry));
		}
	}

}

package blog.pipeline.publish.catalog;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

import blog.pipeline.events.Author;
import blog.pipeline.events.PostWithdrawn;
import blog.pipeline.events.Topics;
import blog.pipeline.publish.changelog.ChangelogReader;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.core.KafkaTemplate;

import static blog.pipeline.publish.catalog.CatalogEntries.live;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class CatalogChangesTests {

	private static final Author ADA = new Author("ada", "Ada");

	private static final Author BOB = new Author("bob", "Bob");

	private static final TopicPartition RENDERED_0 = new TopicPartition(Topics.POSTS_RENDERED, 0);

	private final ChangelogReader reader = mock(ChangelogReader.class);

	@SuppressWarnings("unchecked")
	private final KafkaTemplate<String, Object> kafka = mock(KafkaTemplate.class);

	private final SharedEntries shared = new SharedEntries();

	private final Catalog catalog = new Catalog(this.kafka, CatalogEntries.properties(), this.reader, this.shared);

	@SuppressWarnings("unchecked")
	private void partitionHolds(int partition, Object... keysAndEntries) {
		when(this.reader.read(eq(Topics.POSTS_CATALOG), eq(partition), eq(CatalogEntry.class), any()))
			.thenAnswer((invocation) -> {
				BiConsumer<String, CatalogEntry> sink = invocation.getArgument(3);
				for (int i = 0; i < keysAndEntries.length; i += 2) {
					sink.accept((String) keysAndEntries[i], (CatalogEntry) keysAndEntries[i + 1]);
				}
				return keysAndEntries.length / 2;
			});
	}

	@Test
	void loadsAPartitionFromTheCatalogTopicKeepingTheNewestVersionPerPost() {
		partitionHolds(1, "p1", live("p1", 2, "one", ADA, "One v2", "2024-01-01T00:00:00Z"), "p1",
				live("p1", 1, "one", ADA, "One v1", "2024-01-01T00:00:00Z"), "p2",
				live("p2", 1, "two", ADA, "Two", "2024-01-02T00:00:00Z"), "p2", null);

		assertThat(this.catalog.get(1, "p1").title()).isEqualTo("One v2");
		assertThat(this.catalog.get(1, "p2")).isNull();
	}

	@Test
	void holdsTheSharedInstanceOfEachEntryLoadedOrCommitted() {
		CatalogEntry loaded = live("p1", 1, "one", ADA, "One", "2024-01-01T00:00:00Z");
		partitionHolds(0, "p1", live("p1", 1, "one", ADA, "One", "2024-01-01T00:00:00Z"));
		when(this.kafka.send(eq(Topics.POSTS_CATALOG), eq(0), any(), any()))
			.thenReturn(CompletableFuture.completedFuture(null));
		CatalogEntry heldByAShelf = this.shared.share(loaded);

		assertThat(this.catalog.get(0, "p1")).isSameAs(heldByAShelf);

		CatalogEntry readByAShelf = this.shared.share(live("p1", 2, "one", ADA, "One v2", "2024-01-01T00:00:00Z"));
		CatalogChanges changes = this.catalog.changes();
		changes.putWritten(0, live("p1", 2, "one", ADA, "One v2", "2024-01-01T00:00:00Z"));
		this.catalog.commit(changes);

		assertThat(this.catalog.get(0, "p1")).isSameAs(readByAShelf);
	}

	@Test
	void seesTheBatchsOwnChangesOverTheCommittedState() {
		partitionHolds(0, "p1", live("p1", 1, "one", ADA, "One", "2024-01-01T00:00:00Z"));
		CatalogChanges changes = this.catalog.changes();

		changes.put(0, live("p1", 2, "one", BOB, "One moved", "2024-01-01T00:00:00Z"));

		assertThat(changes.get(0, "p1").author()).isEqualTo(BOB);
		assertThat(this.catalog.get(0, "p1").version()).isEqualTo(1);
	}

	@Test
	void withdrawnPostsKeepTheirVersionButAreNotLive() {
		CatalogEntry entry = live("p1", 3, "one", ADA, "One", "2024-01-01T00:00:00Z");

		CatalogEntry withdrawn = CatalogEntry.withdrawn(new PostWithdrawn("p1", 4, Instant.now()), entry);

		assertThat(withdrawn.version()).isEqualTo(4);
		assertThat(withdrawn.slug()).isEqualTo("one");
		assertThat(withdrawn.live()).isFalse();
	}

	@Test
	void forgetsARevokedPartitionAndReadsItAgainWhenItComesBack() {
		partitionHolds(0, "p1", live("p1", 1, "one", ADA, "One", "2024-01-01T00:00:00Z"));
		this.catalog.get(0, "p1");
		this.catalog.get(0, "p1");

		this.catalog.rebalanceListener()
			.onPartitionsRevokedAfterCommit(null, List.of(new TopicPartition(Topics.POSTS_RENDERED, 0)));
		this.catalog.get(0, "p1");

		verify(this.reader, times(2)).read(eq(Topics.POSTS_CATALOG), eq(0), eq(CatalogEntry.class), any());
	}

	@Test
	void aPageWrittenSinceThePartitionWasAssignedIsKnownUntilItIsAssignedAgain() {
		partitionHolds(0, "p1", live("p1", 1, "one", ADA, "One", "2024-01-01T00:00:00Z"));
		when(this.kafka.send(eq(Topics.POSTS_CATALOG), eq(0), any(), any()))
			.thenReturn(CompletableFuture.completedFuture(null));
		CatalogChanges changes = this.catalog.changes();
		// loaded from the topic: another instance may have written a newer page since
		assertThat(changes.pageWrittenHere(0, "p1")).isFalse();

		changes.putWritten(0, live("p1", 2, "one", ADA, "One v2", "2024-01-01T00:00:00Z"));
		assertThat(changes.pageWrittenHere(0, "p1")).isTrue();
		assertThat(this.catalog.pageWrittenHere(0, "p1")).isFalse();
		this.catalog.commit(changes);
		assertThat(this.catalog.pageWrittenHere(0, "p1")).isTrue();

		this.catalog.rebalanceListener().onPartitionsAssigned(endingAt(0L), List.of(RENDERED_0));
		assertThat(this.catalog.pageWrittenHere(0, "p1")).isFalse();
	}

	@Test
	void aRecordAppendedAfterThePartitionWasAssignedIsKnownAsNeverHandledElsewhere() {
		assertThat(this.catalog.appendedSinceAssigned(0, 41)).isFalse();

		this.catalog.rebalanceListener().onPartitionsAssigned(endingAt(42L), List.of(RENDERED_0));

		// records before the end may have been handled by the partition's previous owner
		assertThat(this.catalog.appendedSinceAssigned(0, 41)).isFalse();
		assertThat(this.catalog.appendedSinceAssigned(0, 42)).isTrue();
		assertThat(this.catalog.appendedSinceAssigned(0, 1000)).isTrue();
		assertThat(this.catalog.appendedSinceAssigned(1, 1000)).isFalse();

		this.catalog.rebalanceListener().onPartitionsRevokedAfterCommit(null, List.of(RENDERED_0));
		assertThat(this.catalog.appendedSinceAssigned(0, 1000)).isFalse();
		this.catalog.rebalanceListener().onPartitionsAssigned(endingAt(42L), List.of(RENDERED_0));
		this.catalog.rebalanceListener().onPartitionsLost(null, List.of(RENDERED_0));
		assertThat(this.catalog.appendedSinceAssigned(0, 1000)).isFalse();
	}

	@Test
	void whenThePartitionsEndCannotBeReadAtAssignmentNoRecordCountsAsNeverHandledElsewhere() {
		this.catalog.rebalanceListener().onPartitionsAssigned(endingAt(42L), List.of(RENDERED_0));
		MockConsumer<String, Object> unreachable = new MockConsumer<>("earliest") {

			@Override
			public Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions, Duration timeout) {
				throw new TimeoutException("broker unreachable");
			}

		};

		this.catalog.rebalanceListener().onPartitionsAssigned(unreachable, List.of(RENDERED_0));

		// what was known from the earlier assignment is not kept either
		assertThat(this.catalog.appendedSinceAssigned(0, 1000)).isFalse();
	}

	private static MockConsumer<String, Object> endingAt(long end) {
		MockConsumer<String, Object> consumer = new MockConsumer<>("earliest");
		consumer.updateEndOffsets(Map.of(RENDERED_0, end));
		return consumer;
	}

	@Test
	void aChangeThatDidNotTouchThePageKeepsWhatIsKnownOfIt() {
		partitionHolds(0);
		when(this.kafka.send(eq(Topics.POSTS_CATALOG), eq(0), any(), any()))
			.thenReturn(CompletableFuture.completedFuture(null));
		CatalogChanges first = this.catalog.changes();
		first.put(0, CatalogEntry.withdrawn(new PostWithdrawn("p1", 1, Instant.now()), null));
		assertThat(first.pageWrittenHere(0, "p1")).isFalse();
		first.putWritten(0, live("p1", 2, "one", ADA, "One", "2024-01-01T00:00:00Z"));
		this.catalog.commit(first);

		CatalogChanges second = this.catalog.changes();
		second.put(0, CatalogEntry.withdrawn(new PostWithdrawn("p1", 3, Instant.now()), null));

		assertThat(second.pageWrittenHere(0, "p1")).isTrue();
	}

}

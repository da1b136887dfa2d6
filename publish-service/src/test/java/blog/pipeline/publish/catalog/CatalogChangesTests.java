package blog.pipeline.publish.catalog;

import java.time.Duration;
import java.time.Instant;

import blog.pipeline.events.Author;
import blog.pipeline.events.PostWithdrawn;
import blog.pipeline.publish.PublishProperties;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.core.KafkaTemplate;

import static blog.pipeline.publish.catalog.CatalogEntries.live;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

class CatalogChangesTests {

	private static final Author ADA = new Author("ada", "Ada");

	private static final Author BOB = new Author("bob", "Bob");

	@SuppressWarnings("unchecked")
	private final Catalog catalog = new Catalog(mock(KafkaTemplate.class),
			new PublishProperties("public", "Blog", 10, Duration.ofSeconds(1)));

	@Test
	void seesTheBatchsOwnChangesOverTheCommittedState() {
		this.catalog.remember(live("p1", 1, "one", ADA, "One", "2024-01-01T00:00:00Z"));
		this.catalog.remember(live("p2", 1, "two", ADA, "Two", "2024-01-02T00:00:00Z"));
		CatalogChanges changes = this.catalog.changes();

		changes.put(live("p1", 2, "one", BOB, "One moved", "2024-01-01T00:00:00Z"));
		changes.put(live("p3", 1, "three", ADA, "Three", "2024-01-03T00:00:00Z"));

		assertThat(changes.livePostsBy("ada")).extracting(CatalogEntry::postId).containsExactlyInAnyOrder("p2", "p3");
		assertThat(changes.livePostsBy("bob")).extracting(CatalogEntry::title).containsExactly("One moved");
		assertThat(changes.livePosts()).extracting(CatalogEntry::postId).containsExactlyInAnyOrder("p1", "p2", "p3");
		assertThat(this.catalog.get("p1").version()).isEqualTo(1);
	}

	@Test
	void withdrawnPostsKeepTheirVersionButAreNotLive() {
		CatalogEntry entry = live("p1", 3, "one", ADA, "One", "2024-01-01T00:00:00Z");
		this.catalog.remember(entry);
		CatalogChanges changes = this.catalog.changes();

		changes.put(CatalogEntry.withdrawn(new PostWithdrawn("p1", 4, Instant.now()), entry));

		assertThat(changes.get("p1").version()).isEqualTo(4);
		assertThat(changes.get("p1").slug()).isEqualTo("one");
		assertThat(changes.livePostsBy("ada")).isEmpty();
		assertThat(changes.slugTakenByAnotherPost("one", "p2")).isFalse();
	}

	@Test
	void knowsWhichLivePostHasASlug() {
		this.catalog.remember(live("p1", 1, "one", ADA, "One", "2024-01-01T00:00:00Z"));
		CatalogChanges changes = this.catalog.changes();

		assertThat(changes.slugTakenByAnotherPost("one", "p2")).isTrue();
		assertThat(changes.slugTakenByAnotherPost("one", "p1")).isFalse();

		changes.put(live("p1", 2, "renamed", ADA, "One", "2024-01-01T00:00:00Z"));
		assertThat(changes.slugTakenByAnotherPost("one", "p2")).isFalse();
		assertThat(changes.slugTakenByAnotherPost("renamed", "p2")).isTrue();
	}

	@Test
	void forgetsTombstonedPosts() {
		this.catalog.remember(live("p1", 1, "one", ADA, "One", "2024-01-01T00:00:00Z"));

		this.catalog.forget("p1");

		assertThat(this.catalog.get("p1")).isNull();
		assertThat(this.catalog.changes().livePostsBy("ada")).isEmpty();
	}

}

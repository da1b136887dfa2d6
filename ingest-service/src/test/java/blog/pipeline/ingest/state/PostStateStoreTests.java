package blog.pipeline.ingest.state;

import java.time.Instant;
import java.util.List;

import blog.pipeline.events.Author;
import blog.pipeline.events.Draft;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PostStateStoreTests {

	private static final Instant NOW = Instant.parse("2026-05-01T08:00:00Z");

	private final PostStateStore store = new PostStateStore();

	@Test
	void holdsARecordOnceAppliedAndEveryEarlierOneOfItsKey() {
		this.store.apply(StateKeys.slug("hello"), new SlugOwner("p1"), 5);

		assertThat(this.store.holds(StateKeys.slug("hello"), 4)).isTrue();
		assertThat(this.store.holds(StateKeys.slug("hello"), 5)).isTrue();
		assertThat(this.store.holds(StateKeys.slug("hello"), 6)).isFalse();
		assertThat(this.store.holds(StateKeys.slug("other"), 0)).isFalse();
	}

	@Test
	void holdsATombstoneLikeAnyRecord() {
		this.store.apply(StateKeys.slug("hello"), new SlugOwner("p1"), 5);
		this.store.apply(StateKeys.slug("hello"), null, 7);

		assertThat(this.store.holds(StateKeys.slug("hello"), 7)).isTrue();
		assertThat(this.store.slugOwner("hello")).isEmpty();
	}

	@Test
	void scheduledPostsAreThoseWhoseLatestVersionWaitsForItsPublishTime() {
		this.store.apply(StateKeys.post("waiting"), post("waiting", true, null), 1);
		this.store.apply(StateKeys.post("sent"), post("sent", false, null), 2);
		this.store.apply(StateKeys.post("withdrawn"), post("withdrawn", true, NOW), 3);
		this.store.apply(StateKeys.post("released"), post("released", true, null), 4);
		this.store.apply(StateKeys.post("released"), post("released", true, null).released(NOW), 5);

		assertThat(this.store.scheduledPosts()).extracting(PostState::postId).containsExactly("waiting");
	}

	@Test
	void anOlderRecordReadLateDoesNotScheduleAPostAgain() {
		this.store.apply(StateKeys.post("p"), post("p", true, null).released(NOW), 9);
		this.store.apply(StateKeys.post("p"), post("p", true, null), 8);

		assertThat(this.store.scheduledPosts()).isEmpty();
		assertThat(this.store.post("p")).hasValueSatisfying((post) -> assertThat(post.pending()).isFalse());
	}

	@Test
	void aTombstoneUnschedulesItsPost() {
		this.store.apply(StateKeys.post("p"), post("p", true, null), 1);
		this.store.apply(StateKeys.post("p"), null, 2);

		assertThat(this.store.scheduledPosts()).isEmpty();
	}

	private static PostState post(String postId, boolean pending, @Nullable Instant withdrawnAt) {
		Draft draft = new Draft("Title", postId, new Author("maria", "Maria"), "Body", null, List.of(), null,
				NOW.plusSeconds(60));
		return new PostState(postId, 1, draft, NOW, NOW, null, withdrawnAt, pending, null, null);
	}

}

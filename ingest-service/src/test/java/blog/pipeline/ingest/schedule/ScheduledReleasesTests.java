package blog.pipeline.ingest.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import blog.pipeline.events.Author;
import blog.pipeline.events.Draft;
import blog.pipeline.events.PostSubmitted;
import blog.pipeline.ingest.state.PostState;
import blog.pipeline.ingest.state.PostStateStore;
import blog.pipeline.ingest.state.RecordingStateLog;
import blog.pipeline.ingest.state.StateKeys;
import blog.pipeline.ingest.system.IngestProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

class ScheduledReleasesTests {

	private static final Instant NOW = Instant.parse("2026-05-01T08:00:00Z");

	private final PostStateStore store = new PostStateStore();

	private final IngestProperties properties = new IngestProperties(Duration.ofSeconds(5),
			Duration.ofSeconds(5), Duration.ofHours(24), Duration.ofMinutes(1), DataSize.ofMegabytes(2), Duration.ZERO);

	private final RecordingStateLog stateLog = new RecordingStateLog(this.store, this.properties);

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final ScheduledReleases releases = new ScheduledReleases(this.store, this.stateLog,
			Clock.fixed(NOW, ZoneOffset.UTC), this.properties, this.meters);

	@Test
	void sendsDuePostsOnceAndKeepsFutureOnesWaiting() {
		this.store.markReady();
		scheduled("due", NOW.minusSeconds(1), 1);
		scheduled("later", NOW.plusSeconds(60), 2);

		this.releases.releaseDue();
		this.releases.releaseDue();

		assertThat(this.stateLog.events()).singleElement()
			.isInstanceOfSatisfying(PostSubmitted.class, (sent) -> assertThat(sent.postId()).isEqualTo("due"));
		assertThat(this.store.post("due")).hasValueSatisfying((post) -> {
			assertThat(post.pending()).isFalse();
			assertThat(post.releasedAt()).isEqualTo(NOW);
		});
		assertThat(this.store.post("later")).hasValueSatisfying((post) -> assertThat(post.pending()).isTrue());
		assertThat(this.meters.get("pipeline.posts.scheduled").gauge().value()).isEqualTo(1);
	}

	@Test
	void countsPostsMoreThanAMinuteLateAsOverdueWhileKafkaRefusesThem() {
		this.store.markReady();
		this.stateLog.becomeUnavailable();
		scheduled("late", NOW.minusSeconds(61), 1);
		scheduled("just-due", NOW.minusSeconds(30), 2);

		this.releases.releaseDue();

		assertThat(this.stateLog.events()).isEmpty();
		assertThat(this.meters.get(ScheduledReleases.OVERDUE_GAUGE).gauge().value()).isEqualTo(1);
	}

	@Test
	void forgetsIdempotencyKeysPastTheirTimeToLive() {
		this.store.markReady();
		this.store.apply(StateKeys.idempotency("old"), new blog.pipeline.ingest.state.IdempotentAnswer("h", "p", 1,
				"s", "accepted", NOW.minus(Duration.ofHours(25))), 1);
		this.store.apply(StateKeys.idempotency("new"), new blog.pipeline.ingest.state.IdempotentAnswer("h", "p", 1,
				"s", "accepted", NOW.minus(Duration.ofHours(1))), 2);

		this.releases.forgetExpiredKeys();

		assertThat(this.store.idempotentAnswer("old")).isEmpty();
		assertThat(this.store.idempotentAnswer("new")).isPresent();
	}

	private void scheduled(String postId, Instant publishAt, long offset) {
		Draft draft = new Draft("Title", postId, new Author("maria", "Maria"), "Body", null, List.of(), null,
				publishAt);
		this.store.apply(StateKeys.post(postId),
				new PostState(postId, 1, draft, NOW.minusSeconds(600), NOW.minusSeconds(600), null, null, true, null, null),
				offset);
	}

}

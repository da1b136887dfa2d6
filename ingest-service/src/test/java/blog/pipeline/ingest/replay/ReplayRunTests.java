package blog.pipeline.ingest.replay;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How a replay counts its posts: published again, overtaken by a newer version, failed; rate and ETA. */
class ReplayRunTests {

	private static final Instant START = Instant.parse("2026-11-27T10:00:00Z");

	private final Map<String, Long> live = new LinkedHashMap<>();

	private final ReplayRun run = new ReplayRun("r1", START, 50,
			Map.of("a", 3L, "b", 1L, "c", 2L, "d", 1L));

	@Test
	void countsEachPostOnceWhetherPublishedAgainOvertakenOrFailed() {
		this.run.sent(4);
		this.run.republished("a");
		this.run.republished("a");
		this.run.republished("not-in-this-replay");
		this.live.put("b", 2L);
		this.run.failed("c");

		ReplayRun.Progress progress = progress(10);

		assertThat(progress.total()).isEqualTo(4);
		assertThat(progress.republished()).isEqualTo(1);
		assertThat(progress.overtaken()).isEqualTo(1);
		assertThat(progress.done()).isEqualTo(2);
		assertThat(progress.failed()).isEqualTo(1);
		assertThat(progress.inFlight()).isEqualTo(1);
		assertThat(progress.complete()).isFalse();
		assertThat(progress.postsPerSecond()).isEqualTo(0.3);
		assertThat(progress.etaSeconds()).isEqualTo(3);
	}

	@Test
	void aPostWhoseLiveVersionIsTheReplayedOneIsNotOvertaken() {
		this.live.put("a", 3L);

		assertThat(progress(1).overtaken()).isZero();
	}

	@Test
	void hasNoEtaBeforeAnyPostGotThroughAndZeroOnceAllDid() {
		assertThat(progress(5).etaSeconds()).isNull();

		for (String post : new String[] { "a", "b", "c", "d" }) {
			this.run.republished(post);
		}
		ReplayRun.Progress done = progress(8);
		assertThat(done.complete()).isTrue();
		assertThat(done.etaSeconds()).isZero();
		assertThat(done.postsPerSecond()).isEqualTo(0.5);
	}

	@Test
	void endsOnceAsFinishedOrCancelled() {
		assertThat(this.run.finish(START.plusSeconds(4))).isTrue();
		assertThat(this.run.cancel(START.plusSeconds(5))).isFalse();

		ReplayRun.Progress progress = progress(60);
		assertThat(progress.state()).isEqualTo(ReplayRun.State.FINISHED);
		assertThat(progress.finishedAt()).isEqualTo(START.plusSeconds(4));
		assertThat(progress.elapsedSeconds()).as("measured to the end, not to now").isEqualTo(4);
	}

	@Test
	void whileRunningTheRateAndEtaFollowTheLastTenSecondsNotTheSlowStart() {
		Map<String, Long> posts = new LinkedHashMap<>();
		for (int i = 0; i < 100; i++) {
			posts.put("post-" + i, 1L);
		}
		ReplayRun big = new ReplayRun("r2", START, 50, posts);
		big.progress((postId) -> 0, START.plusSeconds(1));
		republish(big, 0, 10);
		big.progress((postId) -> 0, START.plusSeconds(11));
		republish(big, 10, 60);

		ReplayRun.Progress now = big.progress((postId) -> 0, START.plusSeconds(22));

		assertThat(now.postsPerSecond()).as("50 posts in the last 11 s").isEqualTo(4.5);
		assertThat(now.etaSeconds()).isEqualTo(9);
		big.finish(START.plusSeconds(22));
		assertThat(big.progress((postId) -> 0, START.plusSeconds(30)).postsPerSecond())
			.as("once ended: over the whole run")
			.isEqualTo(2.7);
	}

	private static void republish(ReplayRun run, int from, int to) {
		for (int i = from; i < to; i++) {
			run.republished("post-" + i);
		}
	}

	private ReplayRun.Progress progress(int secondsAfterStart) {
		return this.run.progress((postId) -> this.live.getOrDefault(postId, 0L), START.plusSeconds(secondsAfterStart));
	}

}

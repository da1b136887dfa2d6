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

	private ReplayRun.Progress progress(int secondsAfterStart) {
		return this.run.progress((postId) -> this.live.getOrDefault(postId, 0L), START.plusSeconds(secondsAfterStart));
	}

}

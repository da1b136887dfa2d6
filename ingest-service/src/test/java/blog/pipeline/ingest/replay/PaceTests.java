package blog.pipeline.ingest.replay;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The replay's rate on a clock the test moves. */
class PaceTests {

	private final AtomicLong now = new AtomicLong(1_000_000);

	@Test
	void fiftyPostsPerSecondGoAsChunksOfFiveEveryTenthOfASecond() {
		Pace pace = new Pace(50, 200, this.now::get);

		assertThat(pace.chunk()).isEqualTo(5);
		assertThat(pace.nanosToWait()).isLessThanOrEqualTo(0);
		pace.sent();
		assertThat(pace.nanosToWait()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
		advance(60);
		assertThat(pace.nanosToWait()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(40));
		advance(40);
		assertThat(pace.nanosToWait()).isZero();
	}

	@Test
	void aPauseIsNotMadeUpWithABurst() {
		Pace pace = new Pace(50, 200, this.now::get);
		pace.sent();

		advance(10_000);
		assertThat(pace.nanosToWait()).isLessThanOrEqualTo(0);
		pace.sent();

		assertThat(pace.nanosToWait()).as("the next chunk waits its turn again")
			.isEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
	}

	@Test
	void chunksStayWithinTheInFlightBoundAndAtFiftyPosts() {
		assertThat(new Pace(1000, 200, this.now::get).chunk()).isEqualTo(50);
		assertThat(new Pace(1000, 3, this.now::get).chunk()).isEqualTo(3);
		assertThat(new Pace(1, 200, this.now::get).chunk()).isEqualTo(1);
	}

	@Test
	void oneHundredChunksOfAPostAtTenPerSecondTakeTenSeconds() {
		Pace pace = new Pace(10, 200, this.now::get);
		long start = this.now.get();
		for (int i = 0; i < 100; i++) {
			this.now.addAndGet(Math.max(0, pace.nanosToWait()));
			pace.sent();
		}
		assertThat(this.now.get() - start).isEqualTo(TimeUnit.MILLISECONDS.toNanos(9_900));
	}

	private void advance(long millis) {
		this.now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
	}

}

package blog.pipeline.ingest.replay;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The rate part of the replay's throttle: posts go out in small chunks (about ten a second, at most 50 posts each),
 * one chunk per {@code chunk / rate} seconds. After a pause (publish behind, Kafka unreachable) the pace starts again
 * from then on rather than sending a burst to catch up.
 */
final class Pace {

	private final int chunk;

	private final long chunkNanos;

	private final LongSupplier nanoTime;

	private long next;

	/**
	 * @param rate posts per second
	 * @param maxChunk the largest chunk allowed (the in-flight bound)
	 * @param nanoTime the clock, {@code System::nanoTime} but in tests
	 */
	Pace(int rate, int maxChunk, LongSupplier nanoTime) {
		this.chunk = Math.max(1, Math.min(Math.min(50, rate / 10), maxChunk));
		this.chunkNanos = TimeUnit.SECONDS.toNanos(1) * this.chunk / rate;
		this.nanoTime = nanoTime;
		this.next = nanoTime.getAsLong();
	}

	/** How many posts the next chunk holds at most. */
	int chunk() {
		return this.chunk;
	}

	/** How long until the next chunk may go; zero or less when it may go now. */
	long nanosToWait() {
		return this.next - this.nanoTime.getAsLong();
	}

	/** A chunk went out now. */
	void sent() {
		this.next = Math.max(this.next, this.nanoTime.getAsLong()) + this.chunkNanos;
	}

}

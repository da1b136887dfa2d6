package blog.pipeline.ingest.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedList;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;

import org.jspecify.annotations.Nullable;

/**
 * One full replay and how far it got: the posts it sends (id and version), those whose replayed version was
 * published again (counted from {@code PostPublished} records carrying its id), those that a newer live version
 * overtook, and those whose replayed copy failed (dead-lettered). Thread-safe: the sender, the topic reader and
 * requests use it at once.
 */
final class ReplayRun {

	/** Where a replay is. */
	enum State {

		/** Sending posts, or waiting for the last ones to be published. */
		RUNNING,
		/** Every post was published again, overtaken by a newer version, or failed. */
		FINISHED,
		/** Stopped on request before it finished. */
		CANCELLED

	}

	/** The span the current rate is measured over. */
	static final Duration RECENT = Duration.ofSeconds(10);

	private final String id;

	private final Instant startedAt;

	private final int rate;

	/** Post id → the version the replay sends. */
	private final Map<String, Long> posts;

	private final Set<String> republished = ConcurrentHashMap.newKeySet();

	private final Set<String> failed = ConcurrentHashMap.newKeySet();

	private volatile int sent;

	private volatile State state = State.RUNNING;

	private volatile @Nullable Instant endedAt;

	/** Posts settled as of earlier progress checks, oldest first, spanning about {@link #RECENT}. */
	private final LinkedList<Sample> samples = new LinkedList<>();

	ReplayRun(String id, Instant startedAt, int rate, Map<String, Long> posts) {
		this.id = id;
		this.startedAt = startedAt;
		this.rate = rate;
		this.posts = Map.copyOf(posts);
	}

	String id() {
		return this.id;
	}

	int rate() {
		return this.rate;
	}

	State state() {
		return this.state;
	}

	int total() {
		return this.posts.size();
	}

	int sent() {
		return this.sent;
	}

	void sent(int count) {
		this.sent += count;
	}

	/** A {@code PostPublished} of this replay arrived for the post. */
	void republished(String postId) {
		if (this.posts.containsKey(postId)) {
			this.republished.add(postId);
		}
	}

	/** A replayed copy of the post was dead-lettered. */
	void failed(String postId) {
		if (this.posts.containsKey(postId)) {
			this.failed.add(postId);
		}
	}

	/**
	 * Where the replay is now.
	 * @param liveVersion the version the site shows (or withdrew) per post, {@code 0} if none: a post whose live
	 * version is newer than the replayed one was overtaken by an edit, which render already renders with the new
	 * template, so it counts as done
	 */
	Progress progress(ToLongFunction<String> liveVersion, Instant now) {
		int republishedCount = 0;
		int overtaken = 0;
		int failedCount = 0;
		for (Map.Entry<String, Long> post : this.posts.entrySet()) {
			if (this.republished.contains(post.getKey())) {
				republishedCount++;
			}
			else if (liveVersion.applyAsLong(post.getKey()) > post.getValue()) {
				overtaken++;
			}
			else if (this.failed.contains(post.getKey())) {
				failedCount++;
			}
		}
		Instant end = (this.endedAt != null) ? this.endedAt : now;
		Duration elapsed = Duration.between(this.startedAt, end);
		int done = republishedCount + overtaken;
		int settled = done + failedCount;
		int left = total() - settled;
		double perSecond = (this.state == State.RUNNING) ? recentRate(now, settled) : rate(elapsed, settled);
		Long eta = (left <= 0) ? Long.valueOf(0) : (perSecond > 0) ? Long.valueOf(Math.round(left / perSecond)) : null;
		return new Progress(this.id, this.state, total(), this.sent, done, republishedCount, overtaken, failedCount,
				this.rate, Math.round(perSecond * 10) / 10.0, eta, this.startedAt, this.endedAt, elapsed.toSeconds());
	}

	/**
	 * Posts settled per second over the last {@link #RECENT} (over the whole run until that long has passed), so the
	 * ETA follows the pace now rather than the slow start.
	 */
	private synchronized double recentRate(Instant now, int settled) {
		this.samples.addLast(new Sample(now, settled));
		while (this.samples.size() > 2 && this.samples.get(1).at().isBefore(now.minus(RECENT))) {
			this.samples.removeFirst();
		}
		Sample first = this.samples.getFirst();
		if (first.at().isBefore(now.minus(RECENT))) {
			return rate(Duration.between(first.at(), now), settled - first.settled());
		}
		return rate(Duration.between(this.startedAt, now), settled);
	}

	private static double rate(Duration span, int posts) {
		double seconds = span.toMillis() / 1000.0;
		return (seconds > 0) ? posts / seconds : 0;
	}

	/** Ends the replay as finished, unless it ended already; tells whether this call ended it. */
	synchronized boolean finish(Instant now) {
		return end(State.FINISHED, now);
	}

	/** Ends the replay as cancelled, unless it ended already; tells whether this call ended it. */
	synchronized boolean cancel(Instant now) {
		return end(State.CANCELLED, now);
	}

	private boolean end(State end, Instant now) {
		if (this.state != State.RUNNING) {
			return false;
		}
		this.state = end;
		this.endedAt = now;
		return true;
	}

	private record Sample(Instant at, int settled) {

	}

	/**
	 * A replay's progress as the ops API shows it.
	 *
	 * @param sent posts sent to the replay topic so far
	 * @param done posts that show the new rendering: {@code republished} plus {@code overtaken}
	 * @param republished posts whose replayed version was published again
	 * @param overtaken posts a newer live version replaced meanwhile
	 * @param failed posts whose replayed copy went to a dead-letter topic (their live page is unchanged)
	 * @param targetRate the throttle, in posts per second
	 * @param postsPerSecond posts done or failed per second: over the last ten seconds while the replay runs, over the
	 * whole run once it ended
	 * @param etaSeconds the time left at that rate, or {@code null} before any post got through
	 */
	record Progress(String replayId, State state, int total, int sent, int done, int republished, int overtaken,
			int failed, int targetRate, double postsPerSecond, @Nullable Long etaSeconds, Instant startedAt,
			@Nullable Instant finishedAt, long elapsedSeconds) {

		/** Whether every post is done or failed. */
		boolean complete() {
			return this.done + this.failed >= this.total;
		}

		/** Posts sent whose outcome is still open. */
		int inFlight() {
			return this.sent - this.done - this.failed;
		}

	}

}

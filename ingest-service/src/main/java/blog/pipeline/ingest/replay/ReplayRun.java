package blog.pipeline.ingest.replay;

import java.time.Duration;
import java.time.Instant;
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
		int left = total() - done - failedCount;
		double seconds = elapsed.toMillis() / 1000.0;
		double perSecond = (seconds > 0) ? (done + failedCount) / seconds : 0;
		Long eta = (left <= 0) ? Long.valueOf(0) : (perSecond > 0) ? Long.valueOf(Math.round(left / perSecond)) : null;
		return new Progress(this.id, this.state, total(), this.sent, done, republishedCount, overtaken, failedCount,
				this.rate, Math.round(perSecond * 10) / 10.0, eta, this.startedAt, this.endedAt, elapsed.toSeconds());
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

	/**
	 * A replay's progress as the ops API shows it.
	 *
	 * @param sent posts sent to the replay topic so far
	 * @param done posts that show the new rendering: {@code republished} plus {@code overtaken}
	 * @param republished posts whose replayed version was published again
	 * @param overtaken posts a newer live version replaced meanwhile
	 * @param failed posts whose replayed copy went to a dead-letter topic (their live page is unchanged)
	 * @param targetRate the throttle, in posts per second
	 * @param postsPerSecond posts done or failed per second since the start
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

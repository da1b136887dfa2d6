package blog.pipeline.publish;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.NestedExceptionUtils;

/**
 * Runs a startup task that needs the broker or the bucket on a daemon thread of its own until it succeeds, waiting
 * between attempts with exponential backoff capped at a maximum, so the application starts (and stays live) while
 * its infrastructure is not there yet.
 */
public final class BackgroundRetry implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(BackgroundRetry.class);

	private final String name;

	private final Attempt attempt;

	private final Duration max;

	private final ScheduledExecutorService executor;

	private volatile boolean done;

	private BackgroundRetry(String name, Attempt attempt, Duration max) {
		this.name = name;
		this.attempt = attempt;
		this.max = max;
		this.executor = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "retry-" + name);
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * Tries {@code attempt} once on the caller's thread and, if it fails, again in the background, first after
	 * {@code initial}, then after twice as long each time, at most after {@code max}, until it succeeds or the retry
	 * is closed.
	 */
	public static BackgroundRetry start(String name, Attempt attempt, Duration initial, Duration max) {
		BackgroundRetry retry = new BackgroundRetry(name, attempt, max);
		if (retry.tryOnce()) {
			retry.executor.shutdown();
		}
		else {
			retry.schedule(initial);
		}
		return retry;
	}

	/** Whether the task has succeeded. */
	public boolean isDone() {
		return this.done;
	}

	private boolean tryOnce() {
		try {
			this.attempt.run();
			this.done = true;
			return true;
		}
		catch (Exception ex) {
			Throwable cause = NestedExceptionUtils.getMostSpecificCause(ex);
			log.warn("{} failed, will retry: {}", this.name, (cause == ex) ? ex.toString() : ex + " (" + cause + ")");
			return false;
		}
	}

	private void schedule(Duration delay) {
		try {
			this.executor.schedule(() -> {
				if (tryOnce()) {
					log.info("{} succeeded", this.name);
					this.executor.shutdown();
				}
				else {
					Duration next = delay.multipliedBy(2);
					schedule((next.compareTo(this.max) > 0) ? this.max : next);
				}
			}, delay.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			// closed: the application is stopping
		}
	}

	@Override
	public void close() {
		this.executor.shutdownNow();
	}

	/** One attempt of the task; it failed if it throws. */
	@FunctionalInterface
	public interface Attempt {

		void run() throws Exception;

	}

}

package blog.pipeline.publish.bucket;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Runs a batch's independent bucket operations (writes to different keys) with bounded concurrency: one S3 request
 * takes milliseconds of waiting for the server, so a stage that wrote one object at a time was bound by latency, not
 * by the server's throughput ({@code pipeline.s3.write-concurrency} requests in flight, shared by all stages).
 * <p>
 * {@link #runAll} returns only once every task has ended, even when one failed or the caller is interrupted: a batch
 * that is retried, or a partition that moves to another instance, must never have a write of its earlier attempt
 * still in flight.
 */
@Component
public class ParallelWrites implements DisposableBean {

	private final ExecutorService executor;

	public ParallelWrites(S3Properties properties) {
		AtomicInteger threads = new AtomicInteger();
		ThreadFactory factory = (task) -> {
			Thread thread = new Thread(task, "publish-writer-" + threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
		this.executor = Executors.newFixedThreadPool(Math.max(1, properties.writeConcurrency()), factory);
	}

	/**
	 * Runs every task and waits for all of them; rethrows the first failure (in task order) once all have ended.
	 * A single task runs on the caller's thread.
	 */
	public void runAll(List<? extends Runnable> tasks) {
		if (tasks.size() == 1) {
			tasks.get(0).run();
			return;
		}
		List<Future<?>> futures = new ArrayList<>(tasks.size());
		for (Runnable task : tasks) {
			futures.add(this.executor.submit(task));
		}
		RuntimeException failure = null;
		boolean interrupted = false;
		for (Future<?> future : futures) {
			while (true) {
				try {
					future.get();
					break;
				}
				catch (InterruptedException ex) {
					// keep waiting: the tasks are bounded by the S3 client's timeouts
					interrupted = true;
				}
				catch (ExecutionException ex) {
					failure = (failure != null) ? failure : unchecked(ex.getCause());
					break;
				}
			}
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
		if (failure != null) {
			throw failure;
		}
	}

	private static RuntimeException unchecked(@Nullable Throwable cause) {
		if (cause instanceof RuntimeException runtime) {
			return runtime;
		}
		if (cause instanceof Error error) {
			throw error;
		}
		return new IllegalStateException("A bucket operation failed", cause);
	}

	@Override
	public void destroy() {
		this.executor.shutdownNow();
	}

}

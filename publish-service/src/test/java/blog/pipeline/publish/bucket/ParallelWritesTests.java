package blog.pipeline.publish.bucket;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ParallelWritesTests {

	private final ParallelWrites writes = new ParallelWrites(
			new S3Properties(URI.create("http://localhost:9000"), "blog", "us-east-1", "a", "s", false, 4));

	@AfterEach
	void stop() {
		this.writes.destroy();
	}

	@Test
	void runsUpToTheConfiguredNumberOfTasksAtOnce() {
		AtomicInteger running = new AtomicInteger();
		AtomicInteger most = new AtomicInteger();
		CountDownLatch fourStarted = new CountDownLatch(4);
		List<Runnable> tasks = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			tasks.add(() -> {
				most.accumulateAndGet(running.incrementAndGet(), Math::max);
				fourStarted.countDown();
				await(fourStarted);
				running.decrementAndGet();
			});
		}

		this.writes.runAll(tasks);

		assertThat(most).hasValue(4);
	}

	@Test
	void rethrowsTheFirstFailureOnlyOnceEveryTaskHasEnded() {
		AtomicInteger ended = new AtomicInteger();
		List<Runnable> tasks = new ArrayList<>();
		tasks.add(() -> {
			throw new IllegalStateException("first");
		});
		for (int i = 0; i < 6; i++) {
			tasks.add(() -> {
				sleep(50);
				ended.incrementAndGet();
			});
		}
		tasks.add(() -> {
			throw new IllegalStateException("last");
		});

		assertThatIllegalStateException().isThrownBy(() -> this.writes.runAll(tasks)).withMessage("first");
		assertThat(ended).hasValue(6);
	}

	@Test
	void runsASingleTaskOnTheCallersThread() {
		List<Thread> threads = new ArrayList<>();

		this.writes.runAll(List.of(() -> threads.add(Thread.currentThread())));

		assertThat(threads).containsExactly(Thread.currentThread());
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}

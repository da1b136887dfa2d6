package blog.pipeline.ingest.state;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import blog.pipeline.events.PostEvent;
import blog.pipeline.ingest.system.IngestProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;

/**
 * A {@link StateLog} for web-layer tests: the real writer (decisions, batches), with transactions that record what
 * would be committed instead of talking to Kafka.
 */
public class RecordingStateLog extends StateLog {

	private final Recorder recorder;

	public RecordingStateLog(PostStateStore store, IngestProperties properties) {
		this(store, properties, 256, 4 * 1024 * 1024);
	}

	/** With batches of at most {@code maxBatch} changes and {@code maxBatchBytes} bytes. */
	public RecordingStateLog(PostStateStore store, IngestProperties properties, int maxBatch, int maxBatchBytes) {
		this(new Recorder(store, maxBatchBytes), store, properties, maxBatch);
	}

	private RecordingStateLog(Recorder recorder, PostStateStore store, IngestProperties properties, int maxBatch) {
		super(recorder, store, properties, new StateWriterProperties("test-writer", maxBatch, "lz4"),
				ObservationRegistry.NOOP, new SimpleMeterRegistry());
		this.recorder = recorder;
	}

	/** Forgets what was committed and every state, and makes Kafka available again. */
	public void reset() {
		this.recorder.reset();
	}

	/** Every event committed so far, in order. */
	public List<PostEvent> events() {
		return this.recorder.list(this.recorder.events);
	}

	public List<StateEntry> entries() {
		return this.recorder.list(this.recorder.entries);
	}

	/** Makes every later commit fail as if Kafka did not answer. */
	public void becomeUnavailable() {
		this.recorder.unavailable = true;
	}

	/** Makes the next {@code count} commits fail as if Kafka did not answer, and the later ones succeed. */
	public void failCommits(int count) {
		this.recorder.failures.set(count);
	}

	/** How many transactions were committed so far. */
	public int transactions() {
		return this.recorder.transactions.intValue();
	}

	/** Makes the next commits wait until {@link #releaseCommits()}, so that changes queue up behind them. */
	public void holdCommits() {
		this.recorder.gate = new CountDownLatch(1);
	}

	public void releaseCommits() {
		this.recorder.gate.countDown();
	}

	/** Whether the writer is blocked in a held commit. */
	public boolean isCommitting() {
		return this.recorder.committing;
	}

	/** How many changes wait for the writer to take them. */
	public int queued() {
		return waiting();
	}

	private static final class Recorder implements StateTransactions {

		private final List<PostEvent> events = new ArrayList<>();

		private final List<StateEntry> entries = new ArrayList<>();

		private final AtomicLong offsets = new AtomicLong();

		private final AtomicLong transactions = new AtomicLong();

		private final PostStateStore store;

		private final int maxBatchBytes;

		private volatile boolean unavailable;

		private final AtomicInteger failures = new AtomicInteger();

		private volatile CountDownLatch gate = new CountDownLatch(0);

		private volatile boolean committing;

		Recorder(PostStateStore store, int maxBatchBytes) {
			this.store = store;
			this.maxBatchBytes = maxBatchBytes;
		}

		synchronized void reset() {
			this.events.clear();
			this.entries.clear();
			this.transactions.set(0);
			this.unavailable = false;
			this.store.clear();
		}

		synchronized <T> List<T> list(List<T> list) {
			return List.copyOf(list);
		}

		@Override
		public void takeOver() {
		}

		@Override
		public List<Long> commit(List<StateWrite> writes) {
			this.committing = true;
			try {
				this.gate.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				this.committing = false;
			}
			return record(writes);
		}

		private synchronized List<Long> record(List<StateWrite> writes) {
			if (this.unavailable || this.failures.getAndUpdate((left) -> Math.max(0, left - 1)) > 0) {
				throw new PostNotStoredException(new org.apache.kafka.common.errors.TimeoutException("no ack"));
			}
			for (StateWrite write : writes) {
				if (write.value() instanceof PostEvent event) {
					this.events.add(event);
				}
				else {
					this.entries.add(new StateEntry(write.key(), (StateRecord) write.value()));
				}
			}
			this.transactions.incrementAndGet();
			return writes.stream().map((write) -> this.offsets.incrementAndGet()).toList();
		}

		@Override
		public int maxBatchBytes() {
			return this.maxBatchBytes;
		}

		@Override
		public void close() {
		}

	}

}

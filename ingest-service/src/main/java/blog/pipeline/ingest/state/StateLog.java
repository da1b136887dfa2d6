package blog.pipeline.ingest.state;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import blog.pipeline.events.PostEvent;
import blog.pipeline.events.Topics;
import blog.pipeline.ingest.system.IngestProperties;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import jakarta.annotation.PreDestroy;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;
import org.springframework.stereotype.Component;

/**
 * Decides and stores every change of this instance on one writer thread, many changes per Kafka transaction (group
 * commit). A request hands its {@link StateChange} over and waits; the writer decides the waiting changes one after
 * the other, each on the state including the changes decided before it in the same batch (so a second claim of a slug
 * in one batch gets its conflict), writes all their events and state records in one transaction, and only after
 * Kafka committed it ({@code acks=all}, idempotent, transactional) answers each request. A failed transaction fails
 * every request of its batch (503); none is answered as accepted without being stored.
 * <p>
 * <b>Deciding ahead.</b> The commit runs on a thread of its own. The changes waiting when a commit starts are decided
 * while Kafka commits it, as the next batch, on the state including the batch being committed; the changes that come
 * meanwhile join that batch once the commit is over, as they would without deciding ahead. That batch is committed,
 * and its requests answered, only after the one before it committed, and if that one failed its changes are decided
 * again. The writer thus prepares (decides, serializes) much of the next transaction while Kafka works on the current
 * one, instead of doing one after the other.
 * <p>
 * <b>Several instances.</b> All writers share one transactional id ({@link StateWriterProperties}); the one that
 * took over last fences the others. A writer takes over before it decides anything, which includes reading the state
 * topic up to its end, and when a commit finds it was fenced it takes over again and decides the batch's changes anew
 * on the fresh state. A change is therefore only ever committed if it was decided on every change committed before
 * it, whichever instance committed that.
 */
@Component
public class StateLog {

	private static final Logger log = LoggerFactory.getLogger(StateLog.class);

	/** How long the writer waits for work before it looks whether it should stop. */
	private static final Duration IDLE = Duration.ofMillis(200);

	private final StateTransactions transactions;

	private final PostStateStore store;

	private final ObservationRegistry observations;

	private final Duration timeout;

	private final int maxBatch;

	private final JacksonJsonSerializer<Object> serializer = new JacksonJsonSerializer<>();

	private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();

	private final DistributionSummary batches;

	private final Timer commits;

	private volatile boolean running;

	private volatile boolean stopped;

	private @Nullable Thread writer;

	private @Nullable ExecutorService committer;

	StateLog(StateTransactions transactions, PostStateStore store, IngestProperties properties,
			StateWriterProperties writer, ObservationRegistry observations, MeterRegistry meters) {
		this.batches = DistributionSummary.builder("pipeline.ingest.state.batch.changes")
			.description("Changes per state transaction (group commit)")
			.register(meters);
		this.commits = Timer.builder("pipeline.ingest.state.commits")
			.description("Time from the start of a state transaction to Kafka's commit of it")
			.register(meters);
		this.transactions = transactions;
		this.store = store;
		this.observations = observations;
		this.timeout = properties.sendTimeout();
		this.maxBatch = writer.maxBatch();
		this.serializer.setAddTypeInfo(false);
	}

	/**
	 * Decides the change on the writer and waits for Kafka's commit of it.
	 * @return the change's answer, once stored
	 * @throws StateNotReadyException if the state was not read back yet
	 * @throws PostNotStoredException if Kafka did not commit the change within the send timeout
	 * @throws RuntimeException the refusal the change decided on
	 */
	public <T> T commit(StateChange<T> change) {
		if (!this.store.isReady()) {
			throw new StateNotReadyException();
		}
		if (this.stopped) {
			throw new PostNotStoredException(new IllegalStateException("ingest is stopping"));
		}
		startWriter();
		Pending<T> pending = new Pending<>(change, System.nanoTime() + this.timeout.toNanos(),
				this.observations.getCurrentObservation());
		this.queue.add(pending);
		try {
			return pending.answer.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			// The writer skips it if it has not decided it yet; if it is being committed, it may still be stored.
			PostNotStoredException notStored = new PostNotStoredException(ex);
			pending.answer.completeExceptionally(notStored);
			log.warn(notStored.getMessage());
			throw notStored;
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException refusal) {
				throw refusal;
			}
			throw new IllegalStateException("The state writer failed", ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			PostNotStoredException notStored = new PostNotStoredException(ex);
			pending.answer.completeExceptionally(notStored);
			throw notStored;
		}
	}

	/** How many changes wait for the writer to take them. */
	int waiting() {
		return this.queue.size();
	}

	/**
	 * Takes over writing the state as soon as the instance is ready, rather than with its first request: the first
	 * takeover on a cluster (Kafka creates its transaction log then) can take longer than a request may wait.
	 */
	@EventListener(ApplicationReadyEvent.class)
	void takeOverEarly() {
		if (this.store.isReady()) {
			startWriter(true);
		}
	}

	private void startWriter() {
		startWriter(false);
	}

	private synchronized void startWriter(boolean takeOverFirst) {
		if (this.writer == null && !this.stopped) {
			this.running = true;
			this.committer = Executors.newSingleThreadExecutor((task) -> {
				Thread thread = new Thread(task, "ingest-state-committer");
				thread.setDaemon(true);
				return thread;
			});
			Thread thread = new Thread(() -> write(takeOverFirst), "ingest-state-writer");
			thread.setDaemon(true);
			this.writer = thread;
			thread.start();
		}
	}

	/** Stops the writer and releases Kafka; changes still waiting get 503. */
	@PreDestroy
	public synchronized void stop() {
		this.stopped = true;
		this.running = false;
		Thread thread = this.writer;
		if (thread != null) {
			thread.interrupt();
			try {
				thread.join(Duration.ofSeconds(10).toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.writer = null;
		}
		ExecutorService commits = this.committer;
		if (commits != null) {
			commits.shutdown();
			this.committer = null;
		}
		this.transactions.close();
	}

	private void write(boolean takeOverFirst) {
		Deque<Pending<?>> waiting = new ArrayDeque<>();
		InFlight inFlight = null;
		boolean owner = false;
		if (takeOverFirst) {
			try {
				this.transactions.takeOver();
				owner = true;
			}
			catch (RuntimeException ex) {
				log.warn("State writer could not take over at start; trying again with the first change: {}",
						ex.toString());
			}
		}
		while (this.running) {
			try {
				if (inFlight != null) {
					// Kafka commits the batch before: decide the next one meanwhile, on the state including it.
					Batch next = waiting.isEmpty() ? null : decide(waiting, inFlight.batch.view);
					InFlight committing = inFlight;
					inFlight = null;
					Outcome outcome;
					try {
						outcome = finish(committing);
					}
					catch (InterruptedException ex) {
						if (next != null) {
							decideAgain(next, waiting);
						}
						finishUninterruptibly(committing, waiting);
						throw ex;
					}
					owner = (outcome == Outcome.COMMITTED);
					if (next != null) {
						if (owner) {
							// what came while Kafka committed joins the batch, as it would have without deciding ahead
							this.queue.drainTo(waiting);
							fill(next, waiting);
							this.queue.drainTo(waiting);
							inFlight = commit(next);
						}
						else {
							decideAgain(next, waiting); // it was decided on a batch that is not stored
						}
					}
					if (outcome == Outcome.FENCED) {
						afterFenced(committing, waiting);
					}
					continue;
				}
				if (waiting.isEmpty()) {
					Pending<?> next = this.queue.poll(IDLE.toMillis(), TimeUnit.MILLISECONDS);
					if (next == null) {
						continue;
					}
					waiting.add(next);
				}
				this.queue.drainTo(waiting);
				if (!owner) {
					this.transactions.takeOver();
					owner = true;
				}
				Batch batch = decide(waiting, this.store);
				this.queue.drainTo(waiting);
				inFlight = commit(batch);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
			catch (RuntimeException ex) {
				// Taking over failed (Kafka unreachable): the changes waiting now cannot be decided in time.
				PostNotStoredException notStored = (ex instanceof PostNotStoredException known) ? known
						: new PostNotStoredException(ex);
				log.warn("State writer could not take over: {}", ex.toString());
				waiting.forEach((pending) -> pending.answer.completeExceptionally(notStored));
				waiting.clear();
				owner = false;
			}
		}
		if (inFlight != null) {
			finishUninterruptibly(inFlight, waiting);
		}
		PostNotStoredException stopped = new PostNotStoredException(new IllegalStateException("ingest is stopping"));
		waiting.forEach((pending) -> pending.answer.completeExceptionally(stopped));
		this.queue.forEach((pending) -> pending.answer.completeExceptionally(stopped));
	}

	/**
	 * Decides changes from the head of {@code waiting}, in order, as long as the batch stays within its bounds; each
	 * on {@code state} (the store, or the store plus the batch being committed) plus the changes decided before it.
	 * The first change always fits, however large.
	 */
	private Batch decide(Deque<Pending<?>> waiting, StateView state) {
		Batch batch = new Batch(new BatchView(state));
		fill(batch, waiting);
		return batch;
	}

	/** Decides changes from the head of {@code waiting} into the batch, as long as it stays within its bounds. */
	private void fill(Batch batch, Deque<Pending<?>> waiting) {
		long now = System.nanoTime();
		while (!waiting.isEmpty() && batch.decided.size() < this.maxBatch) {
			Pending<?> pending = waiting.peek();
			if (pending.answer.isDone()) {
				waiting.poll(); // its request gave up waiting
				continue;
			}
			if (now - pending.deadline > 0) {
				waiting.poll();
				pending.answer.completeExceptionally(new PostNotStoredException(new TimeoutException("not decided within " + this.timeout)));
				continue;
			}
			Decision<?> decision = pending.decide(batch.view, this);
			int size = decision.writes.stream().mapToInt(StateWrite::size).sum();
			if (decision.writes.stream().anyMatch((write) -> write.size() > this.transactions.maxBatchBytes())) {
				// Kafka would refuse the record and with it the whole transaction: refuse this change alone.
				waiting.poll();
				pending.answer.completeExceptionally(new PostNotStoredException(new IllegalArgumentException("a record is larger than the producer's max.request.size")));
				continue;
			}
			if (!batch.writes.isEmpty() && batch.bytes + size > this.transactions.maxBatchBytes()) {
				break; // the next batch starts with it, decided again on the state then
			}
			waiting.poll();
			batch.add(decision, size);
		}
	}

	/**
	 * Starts committing the batch on the committer thread; a batch that writes nothing is answered at once, since
	 * nothing is being committed before it.
	 * @return the batch being committed, or {@code null}
	 */
	private @Nullable InFlight commit(Batch batch) {
		if (batch.writes.isEmpty()) {
			batch.decided.forEach(Decision::complete);
			return null;
		}
		ExecutorService commits = Objects.requireNonNull(this.committer, "committer");
		return new InFlight(batch, CompletableFuture.supplyAsync(() -> {
			long start = System.nanoTime();
			List<Long> offsets = this.transactions.commit(batch.writes);
			this.commits.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
			this.batches.record(batch.decided.size());
			return offsets;
		}, commits));
	}

	/** Waits for the batch's commit and answers its requests, unless another instance took over meanwhile. */
	private Outcome finish(InFlight inFlight) throws InterruptedException {
		Batch batch = inFlight.batch;
		List<Long> offsets;
		try {
			offsets = inFlight.offsets.get();
		}
		catch (ExecutionException ex) {
			Throwable failure = ex.getCause();
			if (failure instanceof WriterFencedException fenced) {
				log.info("{}; deciding {} changes again after taking over", fenced.getMessage(), batch.decided.size());
				return Outcome.FENCED;
			}
			PostNotStoredException notStored = (failure instanceof PostNotStoredException known) ? known
					: new PostNotStoredException(failure);
			log.warn("Kafka did not commit {} changes: {}", batch.decided.size(), String.valueOf(failure));
			batch.decided.forEach((decision) -> decision.pending.answer.completeExceptionally(notStored));
			return Outcome.FAILED;
		}
		for (int i = 0; i < batch.writes.size(); i++) {
			StateWrite write = batch.writes.get(i);
			if (write.topic().equals(StateTopic.NAME)) {
				this.store.apply(write.key(), (StateRecord) write.value(), offsets.get(i));
			}
		}
		batch.decided.forEach(Decision::complete);
		return Outcome.COMMITTED;
	}

	/** The fenced batch's changes go first, decided again once this instance took over again. */
	private static void afterFenced(InFlight fenced, Deque<Pending<?>> waiting) throws InterruptedException {
		decideAgain(fenced.batch, waiting);
		// Give the instance that took over the time to commit what it decided before taking over from it.
		Thread.sleep(ThreadLocalRandom.current().nextLong(20, 200));
	}

	/** At stop: the batch's transaction may still commit, so its requests get Kafka's answer, as without stopping. */
	private void finishUninterruptibly(InFlight inFlight, Deque<Pending<?>> waiting) {
		boolean interrupted = Thread.interrupted();
		try {
			while (true) {
				try {
					if (finish(inFlight) == Outcome.FENCED) {
						decideAgain(inFlight.batch, waiting); // answered 503 with the other waiting changes
					}
					return;
				}
				catch (InterruptedException ex) {
					interrupted = true;
				}
			}
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/** Puts the batch's changes back at the head of {@code waiting}, in order, to be decided on a newer state. */
	private static void decideAgain(Batch batch, Deque<Pending<?>> waiting) {
		for (int i = batch.decided.size() - 1; i >= 0; i--) {
			waiting.addFirst(batch.decided.get(i).pending);
		}
	}

	/** The records of a decided change, the event last (so the state of a post is never behind its event). */
	private List<StateWrite> writes(StateChange.Decided<?> decided, @Nullable Observation parent) {
		List<StateWrite> writes = new ArrayList<>();
		for (StateEntry entry : decided.entries()) {
			writes.add(new StateWrite(StateTopic.NAME, entry.key(), entry.value(), serialize(StateTopic.NAME,
					entry.value()), parent));
		}
		PostEvent event = decided.event();
		if (event != null) {
			writes.add(new StateWrite(Topics.POSTS_SUBMITTED, event.postId(), event,
					serialize(Topics.POSTS_SUBMITTED, event), parent));
		}
		return writes;
	}

	private byte @Nullable [] serialize(String topic, @Nullable Object value) {
		return (value != null) ? this.serializer.serialize(topic, value) : null;
	}

	/** A request waiting for its change to be decided and committed. */
	private record Pending<T>(StateChange<T> change, long deadline, @Nullable Observation parent,
			CompletableFuture<T> answer) {

		Pending(StateChange<T> change, long deadline, @Nullable Observation parent) {
			this(change, deadline, parent, new CompletableFuture<>());
		}

		Decision<T> decide(StateView view, StateLog log) {
			try {
				StateChange.Decided<T> decided = this.change.decide(view);
				return new Decision<>(this, decided, null, log.writes(decided, this.parent));
			}
			catch (RuntimeException refusal) {
				return new Decision<>(this, null, refusal, List.of());
			}
		}

	}

	/** A pending change as decided in this batch: its answer, or the refusal it answers with once the batch commits. */
	private record Decision<T>(Pending<T> pending, StateChange.@Nullable Decided<T> decided,
			@Nullable RuntimeException refusal, List<StateWrite> writes) {

		void complete() {
			if (this.decided != null) {
				this.pending.answer.complete(this.decided.answer());
			}
			else {
				this.pending.answer.completeExceptionally(Objects.requireNonNull(this.refusal, "refusal"));
			}
		}

	}

	/** How a batch's transaction ended. */
	private enum Outcome {

		COMMITTED, FENCED, FAILED

	}

	/** A batch whose transaction the committer thread is committing, and the offsets of its records once committed. */
	private record InFlight(Batch batch, CompletableFuture<List<Long>> offsets) {

	}

	/** The changes of one transaction, in the order they were decided. */
	private static final class Batch {

		final BatchView view;

		final List<Decision<?>> decided = new ArrayList<>();

		final List<StateWrite> writes = new ArrayList<>();

		int bytes;

		Batch(BatchView view) {
			this.view = view;
		}

		void add(Decision<?> decision, int size) {
			this.decided.add(decision);
			this.writes.addAll(decision.writes);
			if (decision.decided != null) {
				this.view.add(decision.decided.entries());
			}
			this.bytes += size;
		}

	}

}

package blog.pipeline.ingest.replay;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import blog.pipeline.events.PostSubmitted;
import blog.pipeline.events.ReplayHeader;
import blog.pipeline.events.Topics;
import blog.pipeline.ingest.progress.PipelineProgress;
import blog.pipeline.ingest.progress.PostProgress;
import blog.pipeline.ingest.state.PostState;
import blog.pipeline.ingest.state.PostStateStore;
import blog.pipeline.ingest.state.StateNotReadyException;
import blog.pipeline.ingest.system.IngestProperties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;

/**
 * Runs a full replay: sends the latest accepted version of every live post (not withdrawn, not waiting for its
 * {@code publishAt}) again, as a {@link PostSubmitted} of the same version on {@link Topics#POSTS_REPLAY} with the
 * {@link ReplayHeader replay id}, newest posts first. The source of truth is ingest's state topic, read back into the
 * {@link PostStateStore}; render and publish treat the replayed versions as re-publishes of the live ones.
 * <p>
 * The throttle has two parts: a rate (posts per second, in small chunks) and a bound on the posts sent but not
 * yet through publish, so the replay slows down by itself when publish is busy and live posts, which share
 * {@code posts.rendered} with the replay, never queue behind more than that many replayed ones. Progress is counted
 * from the {@code PostPublished} and dead-letter records that carry the replay id (read by {@link PipelineProgress});
 * a post that a newer live version overtook counts as done. One replay runs at a time, on this instance, in memory:
 * a restart of the instance ends it, and it can simply be started again.
 */
@Component
class SiteReplay implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(SiteReplay.class);

	/** Newest first, so the pages readers see most get the new rendering first. */
	private static final Comparator<PostState> NEWEST_FIRST = Comparator.comparing(PostState::createdAt)
		.reversed()
		.thenComparing(PostState::postId);

	private static final Duration SEND_RETRY = Duration.ofSeconds(1);

	private final PostStateStore store;

	private final PipelineProgress progress;

	private final KafkaTemplate<String, Object> kafka;

	private final ReplayProperties properties;

	private final Duration sendTimeout;

	private final Clock clock;

	private final ExecutorService sender = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "site-replay");
		thread.setDaemon(true);
		return thread;
	});

	private volatile @Nullable ReplayRun current;

	SiteReplay(PostStateStore store, PipelineProgress progress, KafkaTemplate<String, Object> kafka,
			ReplayProperties properties, IngestProperties ingest, Clock clock) {
		this.store = store;
		this.progress = progress;
		this.kafka = kafka;
		this.properties = properties;
		this.sendTimeout = ingest.sendTimeout();
		this.clock = clock;
		progress.follow(this::count);
	}

	/**
	 * Starts a replay at {@code rate} posts per second.
	 * @throws ReplayRunningException if a replay is running
	 * @throws StateNotReadyException if the state topic was not read back yet
	 */
	synchronized ReplayRun.Progress start(int rate) {
		ReplayRun running = this.current;
		if (running != null && running.state() == ReplayRun.State.RUNNING) {
			throw new ReplayRunningException(running.id());
		}
		if (!this.store.isReady()) {
			throw new StateNotReadyException();
		}
		List<PostState> posts = this.store.posts()
			.filter((post) -> !post.withdrawn() && !post.pending())
			.sorted(NEWEST_FIRST)
			.toList();
		Map<String, Long> versions = new LinkedHashMap<>();
		posts.forEach((post) -> versions.put(post.postId(), post.version()));
		ReplayRun run = new ReplayRun(UUID.randomUUID().toString(), this.clock.instant(), rate, versions);
		this.current = run;
		log.info("Replay {} starts: {} posts at up to {} posts/s", run.id(), posts.size(), rate);
		this.sender.execute(() -> sendOrStop(run, posts));
		return progressOf(run);
	}

	/** The running replay's progress, or the last one's. */
	Optional<ReplayRun.Progress> progress() {
		ReplayRun run = this.current;
		return (run != null) ? Optional.of(progressOf(run)) : Optional.empty();
	}

	/** Stops the running replay; the posts already sent still go through. */
	Optional<ReplayRun.Progress> cancel() {
		ReplayRun run = this.current;
		if (run == null || !run.cancel(this.clock.instant())) {
			return Optional.empty();
		}
		log.info("Replay {} cancelled after {} of {} posts were sent", run.id(), run.sent(), run.total());
		return Optional.of(progressOf(run));
	}

	private ReplayRun.Progress progressOf(ReplayRun run) {
		return run.progress(this::liveVersion, this.clock.instant());
	}

	/** The newest version the site shows or withdrew for the post, {@code 0} if none. */
	private long liveVersion(String postId) {
		PostProgress post = this.progress.of(postId);
		long published = (post.published() != null) ? post.published().version() : 0;
		long unpublished = (post.unpublished() != null) ? post.unpublished().version() : 0;
		return Math.max(published, unpublished);
	}

	/** Counts a record of the progress topics that belongs to the running replay. */
	private void count(ConsumerRecord<String, byte @Nullable []> record) {
		Header header = record.headers().lastHeader(ReplayHeader.NAME);
		ReplayRun run = this.current;
		if (header == null || run == null || record.key() == null
				|| !run.id().equals(ReplayHeader.decode(header.value()))) {
			return;
		}
		if (record.topic().equals(Topics.POSTS_PUBLISHED)) {
			run.republished(record.key());
		}
		else if (record.topic().endsWith(Topics.DEAD_LETTER_SUFFIX)) {
			run.failed(record.key());
		}
	}

	/** Sends the replay; a fault nobody foresaw ends it (cancelled, in the log) rather than leaving it running. */
	private void sendOrStop(ReplayRun run, List<PostState> posts) {
		try {
			send(run, posts);
		}
		catch (RuntimeException ex) {
			log.error("Replay {} stopped by an unexpected fault; start it again once fixed", run.id(), ex);
			run.cancel(this.clock.instant());
		}
	}

	private void send(ReplayRun run, List<PostState> posts) {
		Pace pace = new Pace(run.rate(), this.properties.maxInFlight(), System::nanoTime);
		int index = 0;
		while (index < posts.size() && isRunning(run)) {
			List<PostState> chunk = posts.subList(index, Math.min(index + pace.chunk(), posts.size()));
			long wait = pace.nanosToWait();
			if (progressOf(run).inFlight() + chunk.size() > this.properties.maxInFlight()) {
				// publish is behind: let it catch up before sending more
				sleep(this.properties.completionCheck().toNanos());
			}
			else if (wait > 0) {
				sleep(wait);
			}
			else if (sendAll(run, chunk)) {
				run.sent(chunk.size());
				index += chunk.size();
				pace.sent();
			}
			else {
				sleep(SEND_RETRY.toNanos());
			}
		}
		if (isRunning(run)) {
			log.info("Replay {} sent all {} posts; waiting for them to be published", run.id(), posts.size());
		}
		while (isRunning(run)) {
			ReplayRun.Progress now = progressOf(run);
			if (now.complete() && run.finish(this.clock.instant())) {
				ReplayRun.Progress last = progressOf(run);
				log.info("Replay {} finished: {} of {} posts done ({} overtaken by newer versions), {} failed, in {} s",
						run.id(), last.done(), last.total(), last.overtaken(), last.failed(), last.elapsedSeconds());
				return;
			}
			sleep(this.properties.completionCheck().toNanos());
		}
	}

	/** Whether the sender should go on: the replay runs and the service is not shutting down. */
	private static boolean isRunning(ReplayRun run) {
		return run.state() == ReplayRun.State.RUNNING && !Thread.currentThread().isInterrupted();
	}

	/**
	 * Sends the posts (acks=all, idempotent producer) and waits for Kafka's acknowledgement of each; tells whether all
	 * were stored. No transaction is needed: a replayed version that arrives twice is published twice, to the same
	 * content.
	 */
	private boolean sendAll(ReplayRun run, List<PostState> posts) {
		try {
			List<CompletableFuture<SendResult<String, Object>>> sent = new ArrayList<>(posts.size());
			for (PostState post : posts) {
				PostSubmitted replayed = new PostSubmitted(post.postId(), post.version(), post.draft(),
						post.createdAt(), post.acceptedAt(), null, post.changedBy());
				ProducerRecord<String, Object> record = new ProducerRecord<>(Topics.POSTS_REPLAY, post.postId(),
						replayed);
				record.headers().add(ReplayHeader.NAME, ReplayHeader.encode(run.id()));
				sent.add(this.kafka.send(record));
			}
			CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
				.get(this.sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
			return true;
		}
		catch (org.springframework.kafka.KafkaException | org.apache.kafka.common.KafkaException
				| ExecutionException | TimeoutException ex) {
			log.warn("Replay {} could not send {} posts, trying again: {}", run.id(), posts.size(), ex.toString());
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			run.cancel(this.clock.instant());
			return false;
		}
	}

	private static void sleep(long nanos) {
		try {
			TimeUnit.NANOSECONDS.sleep(nanos);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void destroy() {
		ReplayRun run = this.current;
		if (run != null && run.cancel(this.clock.instant())) {
			log.info("Replay {} ended by shutdown after {} of {} posts were sent", run.id(), run.sent(), run.total());
		}
		this.sender.shutdownNow();
	}

}

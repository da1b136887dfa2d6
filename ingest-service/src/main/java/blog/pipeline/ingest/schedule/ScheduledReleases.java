package blog.pipeline.ingest.schedule;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import blog.pipeline.events.PostSubmitted;
import blog.pipeline.ingest.state.PostNotStoredException;
import blog.pipeline.ingest.state.PostState;
import blog.pipeline.ingest.state.PostStateStore;
import blog.pipeline.ingest.state.StateChange;
import blog.pipeline.ingest.state.StateEntry;
import blog.pipeline.ingest.state.StateLog;
import blog.pipeline.ingest.state.StateNotReadyException;
import blog.pipeline.ingest.system.IngestProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Sends the {@code PostSubmitted} of a scheduled draft once its {@code publishAt} has come, and marks it released in
 * the same transaction. The schedule is the state topic itself, so a restart in between loses nothing: the next
 * check after the state was read back sends whatever became due meanwhile.
 * <p>
 * With several instances each one checks, and the release is decided by the state writer on the latest state, so a
 * version is released once even if two instances find it due at the same moment. Also drops idempotency keys older
 * than their time to live (tombstones, so compaction forgets them).
 */
@Component
class ScheduledReleases {

	private static final Logger log = LoggerFactory.getLogger(ScheduledReleases.class);

	static final String OVERDUE_GAUGE = "pipeline.posts.overdue";

	private final PostStateStore store;

	private final StateLog stateLog;

	private final Clock clock;

	private final IngestProperties properties;

	ScheduledReleases(PostStateStore store, StateLog stateLog, Clock clock, IngestProperties properties,
			MeterRegistry meters) {
		this.store = store;
		this.stateLog = stateLog;
		this.clock = clock;
		this.properties = properties;
		Gauge.builder(OVERDUE_GAUGE, this, ScheduledReleases::overdue)
			.description("Scheduled posts not yet sent on more than pipeline.ingest.overdue-after after publishAt")
			.register(meters);
		Gauge.builder("pipeline.posts.scheduled", this, ScheduledReleases::scheduled)
			.description("Scheduled posts waiting for their publishAt")
			.register(meters);
	}

	/** Sends every scheduled draft that is due. */
	@Scheduled(fixedDelayString = "${pipeline.ingest.schedule-check:1s}")
	void releaseDue() {
		if (!this.store.isReady()) {
			return;
		}
		Instant now = this.clock.instant();
		List<PostState> due = this.store.scheduledPosts().filter((post) -> isDue(post, now)).toList();
		for (PostState post : due) {
			release(post, now);
		}
	}

	/** Forgets idempotency keys past their time to live. */
	@Scheduled(fixedDelayString = "${pipeline.ingest.idempotency-sweep:10m}")
	void forgetExpiredKeys() {
		if (!this.store.isReady()) {
			return;
		}
		Instant oldest = this.clock.instant().minus(this.properties.idempotencyTtl());
		List<String> expired = this.store.idempotentAnswers()
			.filter((entry) -> entry.getValue().answeredAt().isBefore(oldest))
			.map(Map.Entry::getKey)
			.toList();
		if (!expired.isEmpty()) {
			try {
				List<StateEntry> tombstones = expired.stream().map((key) -> new StateEntry(key, null)).toList();
				this.stateLog.commit((state) -> new StateChange.Decided<>(expired.size(), tombstones, null));
				log.info("Forgot {} idempotency keys older than {}", expired.size(), this.properties.idempotencyTtl());
			}
			catch (PostNotStoredException | StateNotReadyException ex) {
				log.warn("Could not forget expired idempotency keys now: {}", ex.getMessage());
			}
		}
	}

	private void release(PostState post, Instant now) {
		try (MDC.MDCCloseable ignored = MDC.putCloseable("postId", post.postId())) {
			boolean released = this.stateLog.commit((state) -> {
				// Decided on the latest state: a newer version, a withdrawal or another instance's release wins.
				PostState latest = state.post(post.postId()).orElse(post);
				if (latest.version() != post.version() || !isDue(latest, now)) {
					return StateChange.Decided.unchanged(false);
				}
				PostSubmitted submitted = new PostSubmitted(post.postId(), post.version(), post.draft(),
						post.createdAt(), post.acceptedAt(), post.traceParent(), post.changedBy());
				return new StateChange.Decided<>(true, List.of(StateEntry.of(post.released(now))), submitted);
			});
			if (released) {
				log.info("Released scheduled post {} version {} (publishAt {})", post.postId(), post.version(),
						post.draft().publishAt());
			}
		}
		catch (PostNotStoredException | StateNotReadyException ex) {
			log.warn("Could not release scheduled post {} now; trying again: {}", post.postId(), ex.getMessage());
		}
	}

	private static boolean isDue(PostState post, Instant now) {
		return post.pending() && !post.withdrawn() && !Objects.requireNonNull(post.draft().publishAt()).isAfter(now);
	}

	double overdue() {
		Instant limit = this.clock.instant().minus(this.properties.overdueAfter());
		return this.store.scheduledPosts()
			.filter((post) -> post.draft().publishAt() != null && post.draft().publishAt().isBefore(limit))
			.count();
	}

	double scheduled() {
		return this.store.scheduledPosts().count();
	}

}

package blog.pipeline.ingest.drafts;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

import blog.pipeline.events.Draft;
import blog.pipeline.events.PostEvent;
import blog.pipeline.events.PostSubmitted;
import blog.pipeline.events.PostWithdrawn;
import blog.pipeline.ingest.slug.Slugs;
import blog.pipeline.ingest.state.IdempotentAnswer;
import blog.pipeline.ingest.state.PostState;
import blog.pipeline.ingest.state.PostStateStore;
import blog.pipeline.ingest.state.StateEntry;
import blog.pipeline.ingest.state.StateKeys;
import blog.pipeline.ingest.state.StateLog;
import blog.pipeline.ingest.state.StateNotReadyException;
import blog.pipeline.ingest.system.IngestProperties;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.stereotype.Service;

/**
 * The drafts lifecycle: create, replace, withdraw. Decides each change on this instance's {@link PostStateStore} and
 * stores the event with its state in one Kafka transaction ({@link StateLog}).
 * <p>
 * <b>Several instances.</b> Every instance reads the whole state topic and applies it in log order, last value per
 * key wins (exactly what compaction keeps), so all instances converge on the same view. Within one instance, changes
 * to the same post, slug or idempotency key are serialized. Across instances a change is decided on a view that may
 * lag the log by the replication delay (milliseconds): two instances that change the <i>same</i> post, or claim the
 * <i>same</i> slug, within that window can both succeed, and the later record wins. Route a post's writes to one
 * instance (e.g. sticky by post id at the edge) where that matters; {@code If-Match} narrows the window for editors.
 */
@Service
class DraftService {

	private static final Logger log = LoggerFactory.getLogger(DraftService.class);

	static final String ACCEPTED = "accepted";

	static final String SCHEDULED = "scheduled";

	static final String WITHDRAWN = "withdrawn";

	private final PostStateStore store;

	private final StateLog stateLog;

	private final KeyLocks locks;

	private final Clock clock;

	private final IngestProperties properties;

	DraftService(PostStateStore store, StateLog stateLog, KeyLocks locks, Clock clock, IngestProperties properties) {
		this.store = store;
		this.stateLog = stateLog;
		this.locks = locks;
		this.clock = clock;
		this.properties = properties;
	}

	/** Version 1 of a new post. */
	SubmissionAccepted create(DraftRequest request, Request meta) {
		String postId = UUID.randomUUID().toString();
		String slug = (request.slug() != null) ? request.slug()
				: Slugs.fromTitle(Objects.requireNonNull(request.title(), "title"), postId);
		return Objects.requireNonNull(this.locks.withLocks(keys(meta, StateKeys.post(postId), StateKeys.slug(slug)),
				() -> idempotent(meta, () -> {
					requireSlugFree(slug, postId);
					Instant now = this.clock.instant();
					Draft draft = request.toDraft(slug);
					PostState state = new PostState(postId, 1, draft, now, now, meta.traceParent(), null,
							isScheduled(draft, now), null);
					List<StateEntry> entries = new ArrayList<>(
							List.of(StateEntry.slugHeldBy(slug, postId), StateEntry.of(released(state, now))));
					return store(state, entries, meta, now);
				})), "answer");
	}

	/** The next version of an existing post: the full draft replaces the previous one. */
	SubmissionAccepted replace(String postId, DraftRequest request, Request meta) {
		while (true) {
			// Without a slug the post keeps its own, so fixing a typo in the title does not move its URL.
			String slug = (request.slug() != null) ? request.slug()
					: this.store.post(postId).map((post) -> post.draft().slug()).orElse("");
			SubmissionAccepted answer = this.locks.withLocks(
					keys(meta, StateKeys.post(postId), StateKeys.slug(slug)),
					() -> idempotent(meta, () -> replaceLocked(postId, request, slug, meta)));
			if (answer != null) {
				return answer;
			}
			// The post's slug changed between the look and the lock: lock the new one.
		}
	}

	private @Nullable Outcome replaceLocked(String postId, DraftRequest request, String slug, Request meta) {
		PostState current = current(postId, meta.ifMatch());
		if (request.slug() == null && !current.draft().slug().equals(slug)) {
			return null;
		}
		requireSlugFree(slug, postId);
		Instant now = this.clock.instant();
		Draft draft = request.toDraft(slug);
		PostState state = new PostState(postId, current.version() + 1, draft, current.createdAt(), now,
				meta.traceParent(), null, isScheduled(draft, now), null);
		List<StateEntry> entries = new ArrayList<>();
		String oldSlug = current.draft().slug();
		if (!oldSlug.equals(slug) && this.store.slugOwner(oldSlug).filter(postId::equals).isPresent()) {
			entries.add(StateEntry.slugReleased(oldSlug));
		}
		entries.add(StateEntry.slugHeldBy(slug, postId));
		entries.add(StateEntry.of(released(state, now)));
		return store(state, entries, meta, now);
	}

	/**
	 * Withdraws the post: {@code PostWithdrawn} as its next version. A withdrawn post releases its slug (its page is
	 * gone, so the URL is free); a later {@code PUT} revives the post if the slug is still free.
	 */
	SubmissionAccepted withdraw(String postId, Request meta) {
		return Objects.requireNonNull(this.locks.withLocks(keys(meta, StateKeys.post(postId)), () -> idempotent(meta, () -> {
			PostState current = current(postId, meta.ifMatch());
			String slug = current.draft().slug();
			if (current.withdrawn()) {
				return new Outcome(SubmissionAccepted.of(postId, current.version(), slug, WITHDRAWN), List.of());
			}
			Instant now = this.clock.instant();
			PostState state = new PostState(postId, current.version() + 1, current.draft(), current.createdAt(), now,
					meta.traceParent(), now, false, null);
			List<StateEntry> entries = new ArrayList<>();
			if (this.store.slugOwner(slug).filter(postId::equals).isPresent()) {
				entries.add(StateEntry.slugReleased(slug));
			}
			entries.add(StateEntry.of(state));
			PostEvent event = new PostWithdrawn(postId, state.version(), now);
			return new Outcome(SubmissionAccepted.of(postId, state.version(), slug, WITHDRAWN), entries, event);
		})), "answer");
	}

	/** The post as last accepted. */
	PostState get(String postId) {
		return this.store.post(postId).orElseThrow(() -> new DraftProblems.PostNotFoundException(postId));
	}

	private PostState current(String postId, @Nullable String ifMatch) {
		if (!this.store.isReady()) {
			throw new StateNotReadyException();
		}
		PostState current = get(postId);
		if (ifMatch != null && !ETags.matches(ifMatch, current.version())) {
			throw new DraftProblems.VersionMismatchException(postId, ifMatch, current.version());
		}
		return current;
	}

	private void requireSlugFree(String slug, String postId) {
		if (!this.store.isReady()) {
			throw new StateNotReadyException();
		}
		this.store.slugOwner(slug).filter((holder) -> !holder.equals(postId)).ifPresent((holder) -> {
			throw new DraftProblems.SlugTakenException(slug, holder);
		});
	}

	private static boolean isScheduled(Draft draft, Instant now) {
		return draft.publishAt() != null && draft.publishAt().isAfter(now);
	}

	/** The state as stored: a draft that is not scheduled is released (its event produced) with the change. */
	private static PostState released(PostState state, Instant now) {
		return state.pending() ? state : state.released(now);
	}

	private Outcome store(PostState state, List<StateEntry> entries, Request meta, Instant now) {
		PostEvent event = state.pending() ? null
				: new PostSubmitted(state.postId(), state.version(), state.draft(), state.createdAt(), now,
						meta.traceParent());
		String status = state.pending() ? SCHEDULED : ACCEPTED;
		return new Outcome(SubmissionAccepted.of(state.postId(), state.version(), state.draft().slug(), status),
				entries, event);
	}

	/**
	 * Runs the change once per {@code Idempotency-Key}: a repeat of the same request gets the first answer and
	 * produces nothing; the key with another request is refused.
	 */
	private @Nullable SubmissionAccepted idempotent(Request meta, Supplier<@Nullable Outcome> change) {
		String key = meta.idempotencyKey();
		Instant now = this.clock.instant();
		if (key != null) {
			if (!this.store.isReady()) {
				throw new StateNotReadyException();
			}
			IdempotentAnswer first = this.store.idempotentAnswer(key)
				.filter((answer) -> answer.answeredAt().plus(this.properties.idempotencyTtl()).isAfter(now))
				.orElse(null);
			if (first != null) {
				if (!first.requestHash().equals(meta.fingerprint())) {
					throw new DraftProblems.IdempotencyKeyReusedException();
				}
				log.info("Repeated the first answer for an Idempotency-Key of post {}", first.postId());
				return SubmissionAccepted.of(first.postId(), first.version(), first.slug(), first.status());
			}
		}
		Outcome outcome = change.get();
		if (outcome == null) {
			return null;
		}
		SubmissionAccepted answer = outcome.answer();
		if (outcome.entries().isEmpty()) {
			return answer;
		}
		List<StateEntry> entries = new ArrayList<>(outcome.entries());
		if (key != null) {
			entries.add(new StateEntry(StateKeys.idempotency(key), new IdempotentAnswer(meta.fingerprint(),
					answer.postId(), answer.version(), answer.slug(), answer.status(), now)));
		}
		try (MDC.MDCCloseable ignored = MDC.putCloseable("postId", answer.postId())) {
			this.stateLog.commit(answer.postId(), outcome.event(), entries);
			log.info("Accepted post {} version {} as slug '{}' ({})", answer.postId(), answer.version(),
					answer.slug(), answer.status());
		}
		return answer;
	}

	private static List<String> keys(Request meta, String... keys) {
		List<String> all = new ArrayList<>(List.of(keys));
		if (meta.idempotencyKey() != null) {
			all.add(StateKeys.idempotency(meta.idempotencyKey()));
		}
		return all;
	}

	/**
	 * What comes with a change besides the draft.
	 *
	 * @param fingerprint SHA-256 of method, path and body, to recognise a repeated request
	 */
	record Request(@Nullable String idempotencyKey, String fingerprint, @Nullable String ifMatch,
			@Nullable String traceParent) {

	}

	/** A decided change: the answer, the state records and the event to store with them. */
	private record Outcome(SubmissionAccepted answer, List<StateEntry> entries, @Nullable PostEvent event) {

		Outcome(SubmissionAccepted answer, List<StateEntry> entries) {
			this(answer, entries, null);
		}

	}

}

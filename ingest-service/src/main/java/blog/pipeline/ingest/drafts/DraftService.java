package blog.pipeline.ingest.drafts;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

import blog.pipeline.events.Draft;
import blog.pipeline.events.PostEvent;
import blog.pipeline.events.PostSubmitted;
import blog.pipeline.events.PostWithdrawn;
import blog.pipeline.ingest.security.ApiPrincipal;
import blog.pipeline.ingest.security.AuthorNotAllowedException;
import blog.pipeline.ingest.slug.Slugs;
import blog.pipeline.ingest.state.IdempotentAnswer;
import blog.pipeline.ingest.state.PostState;
import blog.pipeline.ingest.state.PostStateStore;
import blog.pipeline.ingest.state.StateChange;
import blog.pipeline.ingest.state.StateChange.Decided;
import blog.pipeline.ingest.state.StateEntry;
import blog.pipeline.ingest.state.StateKeys;
import blog.pipeline.ingest.state.StateLog;
import blog.pipeline.ingest.state.StateView;
import blog.pipeline.ingest.system.IngestProperties;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.stereotype.Service;

/**
 * The drafts lifecycle: create, replace, withdraw. Each change is decided by the {@link StateLog}'s single writer on
 * the state as committed so far (by any instance) plus the changes decided before it, and stored with its event in
 * one Kafka transaction; see {@link StateLog} for why several instances always agree on versions, slugs and keys.
 */
@Service
class DraftService {

	private static final Logger log = LoggerFactory.getLogger(DraftService.class);

	static final String ACCEPTED = "accepted";

	static final String SCHEDULED = "scheduled";

	static final String WITHDRAWN = "withdrawn";

	/** Where a draft names its author. */
	private static final String AUTHOR_FIELD = "/author/id";

	private final PostStateStore store;

	private final StateLog stateLog;

	private final Clock clock;

	private final IngestProperties properties;

	DraftService(PostStateStore store, StateLog stateLog, Clock clock, IngestProperties properties) {
		this.store = store;
		this.stateLog = stateLog;
		this.clock = clock;
		this.properties = properties;
	}

	/** Version 1 of a new post. */
	SubmissionAccepted create(DraftRequest request, Request meta) {
		String postId = UUID.randomUUID().toString();
		String slug = (request.slug() != null) ? request.slug()
				: Slugs.fromTitle(Objects.requireNonNull(request.title(), "title"), postId);
		Draft draft = request.toDraft(slug);
		requireAuthor(meta.editor(), draft);
		return commit(meta, (state) -> {
			requireSlugFree(state, slug, postId);
			Instant now = this.clock.instant();
			PostState post = new PostState(postId, 1, draft, now, now, meta.traceParent(), null,
					isScheduled(draft, now), null, meta.changedBy());
			return stored(post, List.of(StateEntry.slugHeldBy(slug, postId), StateEntry.of(released(post, now))),
					meta, now);
		});
	}

	/** The next version of an existing post: the full draft replaces the previous one. */
	SubmissionAccepted replace(String postId, DraftRequest request, Request meta) {
		return commit(meta, (state) -> {
			PostState current = current(state, postId, meta);
			// Without a slug the post keeps its own, so fixing a typo in the title does not move its URL.
			String slug = (request.slug() != null) ? request.slug() : current.draft().slug();
			Draft draft = request.toDraft(slug);
			requireAuthor(meta.editor(), draft);
			requireSlugFree(state, slug, postId);
			Instant now = this.clock.instant();
			PostState post = new PostState(postId, current.version() + 1, draft, current.createdAt(), now,
					meta.traceParent(), null, isScheduled(draft, now), null, meta.changedBy());
			List<StateEntry> entries = new ArrayList<>();
			String oldSlug = current.draft().slug();
			if (!oldSlug.equals(slug) && state.slugOwner(oldSlug).filter(postId::equals).isPresent()) {
				entries.add(StateEntry.slugReleased(oldSlug));
			}
			entries.add(StateEntry.slugHeldBy(slug, postId));
			entries.add(StateEntry.of(released(post, now)));
			return stored(post, entries, meta, now);
		});
	}

	/**
	 * Withdraws the post: {@code PostWithdrawn} as its next version. A withdrawn post releases its slug (its page is
	 * gone, so the URL is free); a later {@code PUT} revives the post if the slug is still free.
	 */
	SubmissionAccepted withdraw(String postId, Request meta) {
		return commit(meta, (state) -> {
			PostState current = current(state, postId, meta);
			String slug = current.draft().slug();
			if (current.withdrawn()) {
				return Decided.unchanged(SubmissionAccepted.of(postId, current.version(), slug, WITHDRAWN));
			}
			Instant now = this.clock.instant();
			PostState post = new PostState(postId, current.version() + 1, current.draft(), current.createdAt(), now,
					meta.traceParent(), now, false, null, meta.changedBy());
			List<StateEntry> entries = new ArrayList<>();
			if (state.slugOwner(slug).filter(postId::equals).isPresent()) {
				entries.add(StateEntry.slugReleased(slug));
			}
			entries.add(StateEntry.of(post));
			PostEvent event = new PostWithdrawn(postId, post.version(), now, meta.changedBy());
			return new Decided<>(SubmissionAccepted.of(postId, post.version(), slug, WITHDRAWN), entries, event);
		});
	}

	/** The post as last accepted, if the editor may read it. */
	PostState get(String postId, ApiPrincipal editor) {
		PostState post = this.store.post(postId).orElseThrow(() -> new DraftProblems.PostNotFoundException(postId));
		requireAuthor(editor, post.draft());
		return post;
	}

	private static PostState current(StateView state, String postId, Request meta) {
		PostState current = state.post(postId).orElseThrow(() -> new DraftProblems.PostNotFoundException(postId));
		// The post's present author decides too: a limited editor cannot take over another author's post.
		requireAuthor(meta.editor(), current.draft());
		String ifMatch = meta.ifMatch();
		if (ifMatch != null && !ETags.matches(ifMatch, current.version())) {
			throw new DraftProblems.VersionMismatchException(postId, ifMatch, current.version());
		}
		return current;
	}

	private static void requireAuthor(ApiPrincipal editor, Draft draft) {
		AuthorNotAllowedException.check(editor, draft.author().id(), AUTHOR_FIELD);
	}

	private static void requireSlugFree(StateView state, String slug, String postId) {
		state.slugOwner(slug).filter((holder) -> !holder.equals(postId)).ifPresent((holder) -> {
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

	private static Decided<SubmissionAccepted> stored(PostState state, List<StateEntry> entries, Request meta,
			Instant now) {
		PostEvent event = state.pending() ? null
				: new PostSubmitted(state.postId(), state.version(), state.draft(), state.createdAt(), now,
						meta.traceParent(), meta.changedBy());
		String status = state.pending() ? SCHEDULED : ACCEPTED;
		return new Decided<>(SubmissionAccepted.of(state.postId(), state.version(), state.draft().slug(), status),
				entries, event);
	}

	/**
	 * Decides and stores the change, once per {@code Idempotency-Key}: a repeat of the same request gets the first
	 * answer and produces nothing; the key with another request is refused.
	 */
	private SubmissionAccepted commit(Request meta, Function<StateView, Decided<SubmissionAccepted>> change) {
		String key = meta.idempotencyKey();
		StateChange<SubmissionAccepted> once = (state) -> {
			Instant now = this.clock.instant();
			if (key != null) {
				IdempotentAnswer first = state.idempotentAnswer(key)
					.filter((answer) -> answer.answeredAt().plus(this.properties.idempotencyTtl()).isAfter(now))
					.orElse(null);
				if (first != null) {
					if (!first.requestHash().equals(meta.requireFingerprint())) {
						throw new DraftProblems.IdempotencyKeyReusedException();
					}
					return Decided.unchanged(
							SubmissionAccepted.of(first.postId(), first.version(), first.slug(), first.status()));
				}
			}
			Decided<SubmissionAccepted> decided = change.apply(state);
			if (key == null || decided.entries().isEmpty()) {
				return decided;
			}
			SubmissionAccepted answer = decided.answer();
			List<StateEntry> entries = new ArrayList<>(decided.entries());
			entries.add(new StateEntry(StateKeys.idempotency(key), new IdempotentAnswer(meta.requireFingerprint(),
					answer.postId(), answer.version(), answer.slug(), answer.status(), now)));
			return new Decided<>(answer, entries, decided.event());
		};
		SubmissionAccepted answer = this.stateLog.commit(once);
		try (MDC.MDCCloseable ignored = MDC.putCloseable("postId", answer.postId())) {
			log.info("Accepted post {} version {} as slug '{}' ({}) from {}", answer.postId(), answer.version(),
					answer.slug(), answer.status(), meta.changedBy());
		}
		return answer;
	}

	/**
	 * What comes with a change besides the draft.
	 *
	 * @param fingerprint SHA-256 of method, path and body, to recognise a repeated request; only made for a request
	 * with an idempotency key, the only one that needs it
	 * @param editor who sends the change: recorded with it, and limits the authors it may touch
	 */
	record Request(@Nullable String idempotencyKey, @Nullable String fingerprint, @Nullable String ifMatch,
			@Nullable String traceParent, ApiPrincipal editor) {

		String changedBy() {
			return this.editor.name();
		}

		String requireFingerprint() {
			return Objects.requireNonNull(this.fingerprint, "a request with an idempotency key has a fingerprint");
		}

	}

}

package blog.pipeline.ingest.drafts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import blog.pipeline.events.PostSubmitted;
import blog.pipeline.ingest.security.ApiPrincipal;
import blog.pipeline.ingest.state.PostNotStoredException;
import blog.pipeline.ingest.state.PostStateStore;
import blog.pipeline.ingest.state.RecordingStateLog;
import blog.pipeline.ingest.system.IngestProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Group commit: changes that wait while a transaction commits go into the next transaction together, each decided
 * on the state including the changes before it in that batch, and every one of them is answered only after that
 * commit. The recording state log holds a first commit so that the next changes queue up behind it.
 */
class GroupCommitTests {

	private static final Instant NOW = Instant.parse("2026-05-01T08:00:00Z");

	private final IngestProperties properties = new IngestProperties(Duration.ofSeconds(5),
			Duration.ofSeconds(5), Duration.ofHours(24), Duration.ofMinutes(1), DataSize.ofMegabytes(2), Duration.ZERO);

	private final PostStateStore store = new PostStateStore();

	private RecordingStateLog stateLog = new RecordingStateLog(this.store, this.properties);

	private DraftService drafts = drafts();

	private final ExecutorService editors = Executors.newCachedThreadPool();

	@AfterEach
	void stopWriter() {
		this.stateLog.releaseCommits();
		this.stateLog.stop();
		this.editors.shutdownNow();
	}

	@Test
	void twoCreatesOfTheSameSlugInOneBatchAcceptTheFirstAndRefuseTheSecondNamingItsHolder() {
		List<CompletableFuture<SubmissionAccepted>> batch = behindAHeldCommit(
				() -> this.drafts.create(draft("Same slug", "same-slug"), meta(null, null)),
				() -> this.drafts.create(draft("Same slug again", "same-slug"), meta(null, null)));

		SubmissionAccepted first = batch.get(0).join();
		assertThat(first.slug()).isEqualTo("same-slug");
		assertThat(failure(batch.get(1))).isInstanceOfSatisfying(DraftProblems.SlugTakenException.class,
				(taken) -> assertThat(taken.getBody().getProperties()).containsEntry("holder", first.postId()));
		assertThat(this.stateLog.transactions()).isEqualTo(2);
		assertThat(this.stateLog.events()).hasSize(2);
	}

	@Test
	void aConditionalReplaceInTheSameBatchAsAnotherReplaceOfThePostIsRefusedWith412() {
		this.store.markReady();
		String postId = this.drafts.create(draft("A post", "a-post"), meta(null, null)).postId();

		List<CompletableFuture<SubmissionAccepted>> batch = behindAHeldCommit(
				() -> this.drafts.replace(postId, draft("A post, v2", null), meta(null, "\"1\"")),
				() -> this.drafts.replace(postId, draft("A post, v2 elsewhere", null), meta(null, "\"1\"")));

		assertThat(batch.get(0).join().version()).isEqualTo(2);
		assertThat(failure(batch.get(1))).isInstanceOf(DraftProblems.VersionMismatchException.class);
		assertThat(this.drafts.get(postId, EDITOR).version()).isEqualTo(2);
		assertThat(this.stateLog.transactions()).isEqualTo(3);
	}

	@Test
	void replacesInOneBatchGetConsecutiveVersions() {
		this.store.markReady();
		String postId = this.drafts.create(draft("Counted", "counted"), meta(null, null)).postId();

		List<CompletableFuture<SubmissionAccepted>> batch = behindAHeldCommit(
				() -> this.drafts.replace(postId, draft("Counted, again", null), meta(null, null)),
				() -> this.drafts.replace(postId, draft("Counted, once more", null), meta(null, null)),
				() -> this.drafts.replace(postId, draft("Counted, last", null), meta(null, null)));

		assertThat(batch).extracting((answer) -> answer.join().version()).containsExactly(2L, 3L, 4L);
		assertThat(this.stateLog.events()).extracting((event) -> event.version()).containsExactly(1L, 1L, 2L, 3L, 4L);
		assertThat(this.stateLog.transactions()).isEqualTo(3);
	}

	@Test
	void aRepeatedIdempotencyKeyInTheSameBatchGetsTheFirstAnswerAndProducesNothing() {
		List<CompletableFuture<SubmissionAccepted>> batch = behindAHeldCommit(
				() -> this.drafts.create(draft("Once", "once"), meta("key-1", null)),
				() -> this.drafts.create(draft("Once", "once"), meta("key-1", null)));

		assertThat(batch.get(1).join()).isEqualTo(batch.get(0).join());
		assertThat(this.stateLog.events()).filteredOn((event) -> event.postId().equals(batch.get(0).join().postId()))
			.hasSize(1);
	}

	@Test
	void aFailedCommitFailsEveryRequestOfTheBatchAndStoresNothing() {
		List<CompletableFuture<SubmissionAccepted>> batch = behindAHeldCommit(() -> {
			this.stateLog.becomeUnavailable();
			return this.drafts.create(draft("Lost one", "lost-one"), meta(null, null));
		}, () -> this.drafts.create(draft("Lost two", "lost-two"), meta(null, null)));

		assertThat(batch).allSatisfy((answer) -> assertThat(failure(answer)).isInstanceOf(PostNotStoredException.class));
		assertThat(this.stateLog.events()).isEmpty();
		assertThat(this.store.slugOwner("lost-one")).isEmpty();
		assertThat(this.store.slugOwner("lost-two")).isEmpty();
	}

	@Test
	void aChangeDecidedWhileTheBatchBeforeItCommitsSeesThatBatch() {
		useStateLog(new RecordingStateLog(this.store, this.properties, 1, 4 * 1024 * 1024));

		// one change per transaction: the second is decided while the first one commits
		List<CompletableFuture<SubmissionAccepted>> batch = behindAHeldCommit(
				() -> this.drafts.create(draft("First", "contested"), meta(null, null)),
				() -> this.drafts.create(draft("Second", "contested"), meta(null, null)));

		SubmissionAccepted first = batch.get(0).join();
		assertThat(failure(batch.get(1))).isInstanceOfSatisfying(DraftProblems.SlugTakenException.class,
				(taken) -> assertThat(taken.getBody().getProperties()).containsEntry("holder", first.postId()));
		assertThat(this.store.slugOwner("contested")).contains(first.postId());
	}

	@Test
	void aChangeDecidedWhileTheBatchBeforeItCommitsIsDecidedAgainWhenThatCommitFails() {
		useStateLog(new RecordingStateLog(this.store, this.properties, 1, 4 * 1024 * 1024));

		List<CompletableFuture<SubmissionAccepted>> batch = behindAHeldCommit(() -> {
			this.stateLog.failCommits(2); // the held commit and the first change's
			return this.drafts.create(draft("First", "contested"), meta(null, null));
		}, () -> this.drafts.create(draft("Second", "contested"), meta(null, null)));

		assertThat(failure(batch.get(0))).isInstanceOf(PostNotStoredException.class);
		// decided ahead as "slug taken" by the first change, which was not stored: decided again, and accepted
		SubmissionAccepted second = batch.get(1).join();
		assertThat(second.slug()).isEqualTo("contested");
		assertThat(this.store.slugOwner("contested")).contains(second.postId());
		assertThat(this.stateLog.events()).extracting((event) -> ((PostSubmitted) event).draft().title())
			.containsExactly("Second");
	}

	@Test
	void aBatchHoldsAtMostTheConfiguredNumberOfChanges() {
		useStateLog(new RecordingStateLog(this.store, this.properties, 2, 4 * 1024 * 1024));

		List<CompletableFuture<SubmissionAccepted>> batch = behindAHeldCommit(
				() -> this.drafts.create(draft("One", "one"), meta(null, null)),
				() -> this.drafts.create(draft("Two", "two"), meta(null, null)),
				() -> this.drafts.create(draft("Three", "three"), meta(null, null)));

		assertThat(batch).allSatisfy((answer) -> assertThat(answer.join().status()).isEqualTo("accepted"));
		assertThat(this.stateLog.transactions()).isEqualTo(3);
	}

	@Test
	void aBatchStaysWithinItsBytesAndALargerChangeStillGoesAlone() {
		useStateLog(new RecordingStateLog(this.store, this.properties, 256, 20_000));

		List<CompletableFuture<SubmissionAccepted>> batch = behindAHeldCommit(
				() -> this.drafts.create(draft("Small", "small", 100), meta(null, null)),
				() -> this.drafts.create(draft("Half", "half", 6_000), meta(null, null)),
				() -> this.drafts.create(draft("Other half", "other-half", 6_000), meta(null, null)),
				() -> this.drafts.create(draft("Tiny", "tiny", 100), meta(null, null)));

		assertThat(batch).allSatisfy((answer) -> assertThat(answer.join().status()).isEqualTo("accepted"));
		// held commit | small + half | other half + tiny: two drafts of 6,000 bytes make over 20,000 record bytes
		assertThat(this.stateLog.transactions()).isEqualTo(3);
		assertThat(this.stateLog.events()).extracting((event) -> ((PostSubmitted) event).draft().title())
			.containsExactly("Held", "Small", "Half", "Other half", "Tiny");
	}

	@Test
	void aRecordLargerThanKafkaTakesIsRefusedAloneWithoutFailingItsBatch() {
		useStateLog(new RecordingStateLog(this.store, this.properties, 256, 20_000));

		List<CompletableFuture<SubmissionAccepted>> batch = behindAHeldCommit(
				() -> this.drafts.create(draft("Too large", "too-large", 25_000), meta(null, null)),
				() -> this.drafts.create(draft("Fine", "fine", 100), meta(null, null)));

		assertThat(failure(batch.get(0))).isInstanceOf(PostNotStoredException.class);
		assertThat(batch.get(1).join().slug()).isEqualTo("fine");
	}

	/**
	 * Holds a first commit, queues the changes behind it in order, then lets the commit go: the writer takes the
	 * queued changes as its next batch.
	 */
	@SafeVarargs
	private List<CompletableFuture<SubmissionAccepted>> behindAHeldCommit(Supplier<SubmissionAccepted>... changes) {
		this.store.markReady();
		this.stateLog.holdCommits();
		CompletableFuture<SubmissionAccepted> held = CompletableFuture.supplyAsync(
				() -> this.drafts.create(draft("Held", "held-" + System.nanoTime()), meta(null, null)), this.editors);
		await().until(this.stateLog::isCommitting);
		List<CompletableFuture<SubmissionAccepted>> queued = new ArrayList<>();
		for (Supplier<SubmissionAccepted> change : changes) {
			int before = this.stateLog.queued();
			queued.add(CompletableFuture.supplyAsync(change, this.editors));
			await().until(() -> this.stateLog.queued() == before + 1);
		}
		this.stateLog.releaseCommits();
		held.exceptionally((ex) -> null).join();
		queued.forEach((answer) -> answer.exceptionally((ex) -> null).join());
		return queued;
	}

	private static Throwable failure(CompletableFuture<?> answer) {
		try {
			answer.join();
		}
		catch (CompletionException ex) {
			return ex.getCause();
		}
		throw new AssertionError("Expected the change to be refused, but it was accepted: " + answer.join());
	}

	private void useStateLog(RecordingStateLog stateLog) {
		this.stateLog.stop();
		this.stateLog = stateLog;
		this.drafts = drafts();
	}

	private static final ApiPrincipal EDITOR = new ApiPrincipal("group-editor", ApiPrincipal.Role.EDITOR, Set.of());

	private DraftService drafts() {
		return new DraftService(this.store, this.stateLog, Clock.fixed(NOW, ZoneOffset.UTC), this.properties);
	}

	private static DraftService.Request meta(String idempotencyKey, String ifMatch) {
		return new DraftService.Request(idempotencyKey, "fingerprint", ifMatch, null, EDITOR);
	}

	private static DraftRequest draft(String title, String slug) {
		return draft(title, slug, 20);
	}

	private static DraftRequest draft(String title, String slug, int bodyBytes) {
		return new DraftRequest(title, new DraftRequest.AuthorRequest("maria-sanda", "Maria Sanda"),
				"b".repeat(bodyBytes), null, slug, List.of(), null, null);
	}

}

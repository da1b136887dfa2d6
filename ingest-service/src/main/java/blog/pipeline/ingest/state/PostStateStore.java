package blog.pipeline.ingest.state;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * This instance's view of the state topic: the latest value of every key, as compaction would keep it.
 * <p>
 * Fed from two sides: the {@link StateTopicTailer} applies every committed record in log order (also those written by
 * other ingest instances), and {@link StateLog} applies its own records right after its transaction committed, so the
 * next change is decided on them at once. Each value remembers its log offset and a value is only replaced by one from a
 * later offset, so both feeds may arrive in any order and every instance ends with the same view.
 */
@Component
public class PostStateStore implements StateView {

	private final Map<String, Entry> entries = new ConcurrentHashMap<>();

	/** The keys of the posts that wait for their {@code publishAt}, so that finding them does not scan every post. */
	private final Set<String> scheduled = ConcurrentHashMap.newKeySet();

	private final CountDownLatch loaded = new CountDownLatch(1);

	private volatile boolean ready;

	/** Applies a record at {@code offset} of its partition (keys never change partition). */
	public void apply(String key, @Nullable StateRecord value, long offset) {
		this.entries.compute(key, (k, old) -> {
			if (old != null && old.offset() > offset) {
				return old;
			}
			if (value instanceof PostState post && isScheduled(post)) {
				this.scheduled.add(k);
			}
			else {
				this.scheduled.remove(k);
			}
			return new Entry(value, offset);
		});
	}

	/**
	 * Whether the store already holds the record at {@code offset} of {@code key}'s partition, or a later one: then
	 * {@link #apply} would change nothing. The tailer asks before parsing a record, so the records this instance's
	 * writer applied right after its commit are not parsed a second time when they are read back.
	 */
	public boolean holds(String key, long offset) {
		Entry entry = this.entries.get(key);
		return entry != null && entry.offset() >= offset;
	}

	/** Whether the state topic was read up to its end as of start-up; until then writes must wait. */
	public boolean isReady() {
		return this.ready;
	}

	public void markReady() {
		this.ready = true;
		this.loaded.countDown();
	}

	/** Waits until the store {@link #isReady() is ready}, at most {@code timeout}; tells whether it is. */
	boolean awaitReady(Duration timeout) {
		try {
			return this.loaded.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/** Forgets everything; for tests that reuse one application context. */
	void clear() {
		this.entries.clear();
		this.scheduled.clear();
	}

	@Override
	public Optional<PostState> post(String postId) {
		return value(StateKeys.post(postId), PostState.class);
	}

	@Override
	public Optional<String> slugOwner(String slug) {
		return value(StateKeys.slug(slug), SlugOwner.class).map(SlugOwner::postId);
	}

	@Override
	public Optional<IdempotentAnswer> idempotentAnswer(String idempotencyKey) {
		return value(StateKeys.idempotency(idempotencyKey), IdempotentAnswer.class);
	}

	/** Every post ingest knows, withdrawn ones included. */
	public Stream<PostState> posts() {
		return values(PostState.class);
	}

	/** The posts whose current version waits for its {@code publishAt}: pending and not withdrawn. */
	public Stream<PostState> scheduledPosts() {
		return this.scheduled.stream()
			.map((key) -> value(key, PostState.class))
			.flatMap(Optional::stream)
			.filter(PostStateStore::isScheduled);
	}

	private static boolean isScheduled(PostState post) {
		return post.pending() && !post.withdrawn();
	}

	/** Every stored idempotency answer with its state-topic key. */
	public Stream<Map.Entry<String, IdempotentAnswer>> idempotentAnswers() {
		return this.entries.entrySet()
			.stream()
			.filter((entry) -> entry.getValue().value() instanceof IdempotentAnswer)
			.map((entry) -> Map.entry(entry.getKey(), (IdempotentAnswer) entry.getValue().value()));
	}

	private <T extends StateRecord> Optional<T> value(String key, Class<T> type) {
		Entry entry = this.entries.get(key);
		return (entry != null && type.isInstance(entry.value())) ? Optional.of(type.cast(entry.value()))
				: Optional.empty();
	}

	private <T extends StateRecord> Stream<T> values(Class<T> type) {
		return this.entries.values().stream().map(Entry::value).filter(type::isInstance).map(type::cast);
	}

	/** A value (or tombstone) and the offset it was written at. */
	private record Entry(@Nullable StateRecord value, long offset) {

	}

}

package blog.pipeline.ingest.state;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/** The store as it will be once the batch being decided is committed: the batch's records over the store. */
final class BatchView implements StateView {

	private final StateView store;

	/** Keys the batch writes; a {@code null} value is a tombstone. */
	private final Map<String, @Nullable StateRecord> written = new HashMap<>();

	BatchView(StateView store) {
		this.store = store;
	}

	void add(List<StateEntry> entries) {
		entries.forEach((entry) -> this.written.put(entry.key(), entry.value()));
	}

	@Override
	public Optional<PostState> post(String postId) {
		String key = StateKeys.post(postId);
		return this.written.containsKey(key) ? value(key, PostState.class) : this.store.post(postId);
	}

	@Override
	public Optional<String> slugOwner(String slug) {
		String key = StateKeys.slug(slug);
		return this.written.containsKey(key) ? value(key, SlugOwner.class).map(SlugOwner::postId)
				: this.store.slugOwner(slug);
	}

	@Override
	public Optional<IdempotentAnswer> idempotentAnswer(String idempotencyKey) {
		String key = StateKeys.idempotency(idempotencyKey);
		return this.written.containsKey(key) ? value(key, IdempotentAnswer.class)
				: this.store.idempotentAnswer(idempotencyKey);
	}

	private <T extends StateRecord> Optional<T> value(String key, Class<T> type) {
		StateRecord value = this.written.get(key);
		return type.isInstance(value) ? Optional.of(type.cast(value)) : Optional.empty();
	}

}

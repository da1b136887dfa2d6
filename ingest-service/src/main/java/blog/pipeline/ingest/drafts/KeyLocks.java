package blog.pipeline.ingest.drafts;

import java.util.Collection;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Serializes changes within this instance that touch the same post, slug or idempotency key (striped locks, taken in
 * one global order so two changes never wait on each other). Across instances, see {@link DraftService}.
 */
@Component
class KeyLocks {

	private static final int STRIPES = 64;

	private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

	KeyLocks() {
		for (int i = 0; i < STRIPES; i++) {
			this.locks[i] = new ReentrantLock();
		}
	}

	<T extends @Nullable Object> T withLocks(Collection<String> keys, Supplier<T> action) {
		TreeSet<Integer> stripes = new TreeSet<>();
		keys.forEach((key) -> stripes.add(Math.floorMod(key.hashCode(), STRIPES)));
		for (int stripe : stripes) {
			this.locks[stripe].lock();
		}
		try {
			return action.get();
		}
		finally {
			for (int stripe : stripes.descendingSet()) {
				this.locks[stripe].unlock();
			}
		}
	}

}

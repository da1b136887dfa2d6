package blog.pipeline.ingest.state;

import java.util.List;

import blog.pipeline.events.PostEvent;
import org.jspecify.annotations.Nullable;

/**
 * A change to decide on the state as the {@link StateLog}'s writer sees it at that moment, including the changes
 * decided before it in the same transaction. Decides, never blocks: it runs on the writer's thread, and runs again if
 * the writer lost its ownership of the state topic before the commit.
 *
 * @param <T> the answer to the request
 */
@FunctionalInterface
public interface StateChange<T> {

	/**
	 * Decides the change.
	 * @throws RuntimeException a refusal (e.g. a conflict) that the request answers with
	 */
	Decided<T> decide(StateView state);

	/**
	 * A decided change.
	 *
	 * @param answer what the request answers once the change is committed
	 * @param entries the state records to write; none for an answer that changes nothing
	 * @param event the event to produce with them, or {@code null}
	 */
	record Decided<T>(T answer, List<StateEntry> entries, @Nullable PostEvent event) {

		public Decided {
			entries = List.copyOf(entries);
		}

		/** An answer that writes nothing (e.g. a repeated request). */
		public static <T> Decided<T> unchanged(T answer) {
			return new Decided<>(answer, List.of(), null);
		}

	}

}

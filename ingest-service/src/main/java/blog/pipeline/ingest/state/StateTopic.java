package blog.pipeline.ingest.state;

/**
 * The compacted topic that holds ingest's state. Ingest-internal (no other service reads it), so its name lives here
 * rather than in the event contract's {@code Topics}.
 */
public final class StateTopic {

	/** Compacted, keyed by {@link StateKeys}; values are {@link StateRecord}s. */
	public static final String NAME = "ingest.state";

	private StateTopic() {
	}

}

package blog.pipeline.ingest.state;

/** The state topic was not read back yet (start-up, or Kafka unreachable since), so no change can be decided. */
public class StateNotReadyException extends RuntimeException {

	public StateNotReadyException() {
		super("Ingest has not read its state back from Kafka yet");
	}

}

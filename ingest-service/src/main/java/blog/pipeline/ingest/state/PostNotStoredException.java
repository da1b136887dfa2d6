package blog.pipeline.ingest.state;

/** Kafka did not acknowledge a change in time, so it was not accepted (answered 503). */
public class PostNotStoredException extends RuntimeException {

	public PostNotStoredException(Throwable cause) {
		super("Kafka did not store the change: " + cause, cause);
	}

}

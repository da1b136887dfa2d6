package blog.pipeline.ingest.state;

/** Kafka did not acknowledge a change in time, so it was not accepted (answered 503). */
public class PostNotStoredException extends RuntimeException {

	public PostNotStoredException(String postId, Throwable cause) {
		super("Kafka did not acknowledge the change of post " + postId + ": " + cause, cause);
	}

}

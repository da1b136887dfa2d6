package blog.pipeline.render.posts;

/** Kafka did not acknowledge an outgoing event; the error handler retries the incoming record. */
public class RenderedEventNotSentException extends RuntimeException {

	public RenderedEventNotSentException(String message, Throwable cause) {
		super(message, cause);
	}

}

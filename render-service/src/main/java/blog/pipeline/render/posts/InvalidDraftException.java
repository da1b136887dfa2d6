package blog.pipeline.render.posts;

/**
 * A submitted draft breaks the contract (a field missing or unsafe, Markdown beyond its limits); rendering it again
 * would fail again.
 */
public class InvalidDraftException extends RuntimeException {

	public InvalidDraftException(String message) {
		super(message);
	}

	public InvalidDraftException(String message, Throwable cause) {
		super(message, cause);
	}

}

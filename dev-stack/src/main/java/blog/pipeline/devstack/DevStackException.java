package blog.pipeline.devstack;

/** The dev stack could not start or could not reach one of its parts. */
public class DevStackException extends RuntimeException {

	public DevStackException(String message) {
		super(message);
	}

	public DevStackException(String message, Throwable cause) {
		super(message, cause);
	}

}

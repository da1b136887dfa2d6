package blog.pipeline.stack;

/** A server process could not be started or did not become ready. */
public class ServerStartException extends RuntimeException {

	public ServerStartException(String message) {
		super(message);
	}

	public ServerStartException(String message, Throwable cause) {
		super(message, cause);
	}

}

package blog.pipeline.support;

/** The broker did not answer an admin request in time (or refused it). */
public class BrokerUnavailableException extends RuntimeException {

	BrokerUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}

package blog.pipeline.publish.system;

/** The broker did not answer an admin request in time (or refused it). */
class BrokerUnavailableException extends RuntimeException {

	BrokerUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}

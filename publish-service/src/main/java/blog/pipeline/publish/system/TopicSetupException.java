package blog.pipeline.publish.system;

/** The topics this service declares could not be created or checked (yet); retried in the background. */
class TopicSetupException extends RuntimeException {

	TopicSetupException(String message) {
		super(message);
	}

}

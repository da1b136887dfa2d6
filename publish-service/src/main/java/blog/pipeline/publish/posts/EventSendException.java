package blog.pipeline.publish.posts;

/** Kafka did not acknowledge the published/unpublished announcements in time; the batch is retried. */
class EventSendException extends RuntimeException {

	EventSendException(String message, Throwable cause) {
		super(message, cause);
	}

}

package blog.pipeline.ingest.drafts;

/** Kafka did not acknowledge a post in time, so the post was not accepted. */
class PostNotStoredException extends RuntimeException {

	PostNotStoredException(String postId, Throwable cause) {
		super("Kafka did not acknowledge post " + postId + ": " + cause, cause);
	}

}

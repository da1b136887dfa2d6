package blog.pipeline.ingest.drafts;

/**
 * The answer to an accepted draft: Kafka stored it as this post version.
 *
 * @param status always {@code accepted}
 */
record SubmissionAccepted(String postId, long version, String slug, String status) {

	static SubmissionAccepted of(String postId, long version, String slug) {
		return new SubmissionAccepted(postId, version, slug, "accepted");
	}

}

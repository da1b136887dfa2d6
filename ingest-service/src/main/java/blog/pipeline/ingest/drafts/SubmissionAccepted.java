package blog.pipeline.ingest.drafts;

/**
 * The answer to an accepted change: Kafka stored it as this post version.
 *
 * @param status {@code accepted} (the draft is on its way to the site), {@code scheduled} (its {@code publishAt} is
 * ahead; it is stored and goes out then) or {@code withdrawn}
 */
record SubmissionAccepted(String postId, long version, String slug, String status) {

	static SubmissionAccepted of(String postId, long version, String slug, String status) {
		return new SubmissionAccepted(postId, version, slug, status);
	}

}

package blog.pipeline.events;

/** Topic names of the pipeline; the only place they are spelled out. */
public final class Topics {

	/** {@link PostSubmitted} and {@link PostWithdrawn}, keyed by post id. */
	public static final String POSTS_SUBMITTED = "posts.submitted";

	/**
	 * {@link PostSubmitted} of a full replay: the latest accepted version of every live post again, keyed by post id
	 * and carrying {@link ReplayHeader#NAME}. Apart from {@link #POSTS_SUBMITTED} so live posts never queue behind a
	 * replay; render sends its output to {@link #POSTS_RENDERED} like any other.
	 */
	public static final String POSTS_REPLAY = "posts.replay";

	/** {@link PostRendered} and the passed-through {@link PostWithdrawn}, keyed by post id. */
	public static final String POSTS_RENDERED = "posts.rendered";

	/** {@link PostPublished} and {@link PostUnpublished}, keyed by post id. */
	public static final String POSTS_PUBLISHED = "posts.published";

	/** Compacted: the latest published state of every post, keyed by post id; publish-service rebuilds from it. */
	public static final String POSTS_CATALOG = "posts.catalog";

	/**
	 * Internal to publish-service, compacted: what each author index lists, keyed {@code authorId/postId} and written to
	 * the partition of the author id (so one consumer owns each author); the change log and the state of the index
	 * writer at once.
	 */
	public static final String PUBLISH_AUTHOR_INDEX = "publish.author-index";

	/**
	 * Internal to publish-service, compacted, one partition: what the site-wide pages (home, feeds, sitemap) list,
	 * keyed by post id, so those pages have exactly one writer.
	 */
	public static final String PUBLISH_SITE_INDEX = "publish.site-index";

	/** Suffix of the dead-letter topic of each consumed topic; Spring Kafka 4 defaults to "-dlt", so recoverers set it. */
	public static final String DEAD_LETTER_SUFFIX = ".DLT";

	private Topics() {
	}

	public static String deadLetterOf(String topic) {
		return topic + DEAD_LETTER_SUFFIX;
	}

}

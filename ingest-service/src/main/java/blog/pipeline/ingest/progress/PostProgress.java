package blog.pipeline.ingest.progress;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The furthest each stage got for one post (the highest version seen per stage).
 *
 * @param rendered the latest version rendered, or {@code null}
 * @param published the latest version published, or {@code null}
 * @param unpublished the latest withdrawal carried out on the site, or {@code null}
 * @param failed the latest version that went to a dead-letter topic, or {@code null}
 */
public record PostProgress(@Nullable Stage rendered, @Nullable Published published, @Nullable Stage unpublished,
		@Nullable Failure failed) {

	static final PostProgress NONE = new PostProgress(null, null, null, null);

	/** A stage that a version reached, and when. */
	public record Stage(long version, Instant at) {

	}

	/** A version that is live, at this URL path. */
	public record Published(long version, String url, Instant at) {

	}

	/**
	 * A version that failed and went to a dead-letter topic.
	 *
	 * @param version the failed version, {@code -1} when the dead letter could not be read
	 * @param reason the exception message the failing service recorded
	 * @param topic the topic the record failed on
	 */
	public record Failure(long version, String reason, String topic, Instant at) {

	}

	PostProgress withRendered(Stage stage) {
		return (this.rendered != null && this.rendered.version() > stage.version()) ? this
				: new PostProgress(stage, this.published, this.unpublished, this.failed);
	}

	PostProgress withPublished(Published stage) {
		return (this.published != null && this.published.version() > stage.version()) ? this
				: new PostProgress(this.rendered, stage, this.unpublished, this.failed);
	}

	PostProgress withUnpublished(Stage stage) {
		return (this.unpublished != null && this.unpublished.version() > stage.version()) ? this
				: new PostProgress(this.rendered, this.published, stage, this.failed);
	}

	PostProgress withFailed(Failure failure) {
		return (this.failed != null && this.failed.version() > failure.version()) ? this
				: new PostProgress(this.rendered, this.published, this.unpublished, failure);
	}

}

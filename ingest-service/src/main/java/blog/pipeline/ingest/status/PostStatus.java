package blog.pipeline.ingest.status;

import java.time.Instant;

import blog.pipeline.ingest.progress.PostProgress;
import blog.pipeline.ingest.state.PostState;
import org.jspecify.annotations.Nullable;

/**
 * Where a post is in the pipeline and when each stage happened, for its latest accepted version.
 *
 * @param state {@code scheduled}, {@code accepted}, {@code rendered}, {@code published}, {@code withdrawn} or
 * {@code failed}
 * @param scheduledFor the {@code publishAt} a scheduled post waits for
 * @param url the public URL path of the published post
 * @param failure why the latest version failed (the dead-letter reason)
 * @param changedBy who sent the latest version (created, updated or withdrew the post; the principal its token
 * names), at {@code acceptedAt}; {@code null} for a version stored before principals were recorded
 */
public record PostStatus(String postId, long version, String slug, String state, @Nullable String changedBy,
		Instant acceptedAt,
		@Nullable Instant scheduledFor, @Nullable Instant releasedAt, @Nullable Instant renderedAt,
		@Nullable Instant publishedAt, @Nullable String url, @Nullable Instant withdrawnAt,
		@Nullable Instant unpublishedAt, @Nullable Failure failure) {

	/** A failed stage: the topic it failed on, the reason and when. */
	public record Failure(String topic, String reason, Instant at) {

	}

	public static PostStatus of(PostState post, PostProgress progress) {
		long version = post.version();
		PostProgress.Stage rendered = progress.rendered();
		PostProgress.Published published = progress.published();
		PostProgress.Stage unpublished = progress.unpublished();
		PostProgress.Failure failed = progress.failed();
		// A failure counts while no later stage of the same or a newer version succeeded.
		boolean failedNow = failed != null && !post.pending() && (failed.version() >= version
				|| (failed.version() < 0 && failed.at().isAfter(post.acceptedAt())));
		boolean renderedNow = rendered != null && rendered.version() >= version;
		boolean publishedNow = published != null && published.version() >= version;
		String state;
		if (post.withdrawn()) {
			state = "withdrawn";
		}
		else if (post.pending()) {
			state = "scheduled";
		}
		else if (publishedNow) {
			state = "published";
		}
		else if (failedNow) {
			state = "failed";
		}
		else if (renderedNow) {
			state = "rendered";
		}
		else {
			state = "accepted";
		}
		return new PostStatus(post.postId(), version, post.draft().slug(), state, post.changedBy(), post.acceptedAt(),
				post.pending() ? post.draft().publishAt() : null, post.releasedAt(),
				(rendered != null) ? rendered.at() : null, (published != null) ? published.at() : null,
				(published != null && !post.withdrawn()) ? published.url() : null, post.withdrawnAt(),
				(unpublished != null) ? unpublished.at() : null,
				failedNow ? new Failure(failed.topic(), failed.reason(), failed.at()) : null);
	}

}

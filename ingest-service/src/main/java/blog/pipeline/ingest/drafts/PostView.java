package blog.pipeline.ingest.drafts;

import java.time.Instant;

import blog.pipeline.events.Draft;
import blog.pipeline.ingest.state.PostState;
import org.jspecify.annotations.Nullable;

/**
 * A post as {@code GET /api/posts/{postId}} shows it: the latest accepted draft and its version (also the ETag).
 *
 * @param withdrawnAt when the post was withdrawn, or {@code null}
 * @param scheduled whether the draft waits for its {@code publishAt}
 * @param changedBy who sent this version (the principal its token names), or {@code null} if it was stored before
 * principals were recorded
 */
record PostView(String postId, long version, Draft draft, Instant createdAt, Instant acceptedAt,
		@Nullable Instant withdrawnAt, boolean scheduled, @Nullable String changedBy) {

	static PostView of(PostState state) {
		return new PostView(state.postId(), state.version(), state.draft(), state.createdAt(), state.acceptedAt(),
				state.withdrawnAt(), state.pending(), state.changedBy());
	}

}

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
 */
record PostView(String postId, long version, Draft draft, Instant createdAt, Instant acceptedAt,
		@Nullable Instant withdrawnAt, boolean scheduled) {

	static PostView of(PostState state) {
		return new PostView(state.postId(), state.version(), state.draft(), state.createdAt(), state.acceptedAt(),
				state.withdrawnAt(), state.pending());
	}

}

package blog.pipeline.ingest.state;

import java.time.Instant;

import blog.pipeline.events.Draft;
import org.jspecify.annotations.Nullable;

/**
 * The latest accepted version of a post, under key {@code post:<postId>}.
 *
 * @param version the latest version ingest accepted (a withdrawal is a version too)
 * @param draft the latest accepted draft (kept after a withdrawal, so a later version can revive the post)
 * @param createdAt when version 1 was accepted
 * @param acceptedAt when this version was accepted
 * @param traceParent the W3C trace context of the request that sent this version, if any
 * @param withdrawnAt when the post was withdrawn, or {@code null} while it is not
 * @param pending whether this version's {@code PostSubmitted} still waits for its {@code publishAt} (scheduled)
 * @param releasedAt when the {@code PostSubmitted} of this version was produced, or {@code null} while pending or
 * withdrawn
 * @param changedBy the principal (named by its API token) who sent this version, or {@code null} for a version stored
 * before principals were recorded
 */
public record PostState(String postId, long version, Draft draft, Instant createdAt, Instant acceptedAt,
		@Nullable String traceParent, @Nullable Instant withdrawnAt, boolean pending, @Nullable Instant releasedAt,
		@Nullable String changedBy) implements StateRecord {

	public boolean withdrawn() {
		return this.withdrawnAt != null;
	}

	/** This state after its scheduled {@code PostSubmitted} was produced at {@code now}. */
	public PostState released(Instant now) {
		return new PostState(this.postId, this.version, this.draft, this.createdAt, this.acceptedAt, this.traceParent,
				null, false, now, this.changedBy);
	}

}

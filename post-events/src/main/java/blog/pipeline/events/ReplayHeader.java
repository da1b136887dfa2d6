package blog.pipeline.events;

import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/**
 * The Kafka header that marks the records of a full replay with the replay's id, from {@link Topics#POSTS_REPLAY}
 * through the {@link PostRendered} to the {@link PostPublished}: a header rather than a field, so the event records
 * stay as they are and a replayed event reads like any other. Publish lets a replayed version overwrite the same
 * version (never a newer one); ingest counts the replay's announcements to show its progress.
 */
public final class ReplayHeader {

	/** The header's name; its value is the replay id in UTF-8. */
	public static final String NAME = "pipeline-replay-id";

	private ReplayHeader() {
	}

	/** The header value of {@code replayId}. */
	public static byte[] encode(String replayId) {
		return replayId.getBytes(StandardCharsets.UTF_8);
	}

	/** The replay id of a header value, or {@code null} when there is none (a live record). */
	public static @Nullable String decode(byte @Nullable [] value) {
		return (value != null && value.length > 0) ? new String(value, StandardCharsets.UTF_8) : null;
	}

}

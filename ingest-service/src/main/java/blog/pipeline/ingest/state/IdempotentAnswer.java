package blog.pipeline.ingest.state;

import java.time.Instant;

/**
 * The first answer to a request with an {@code Idempotency-Key}, under key {@code idempotency:<sha-256 of the key>}.
 *
 * @param requestHash SHA-256 of the request (method, path and body), to tell a retry from a reuse of the key
 * @param status the answer's status word, e.g. {@code accepted}
 * @param answeredAt when the first answer was given; the key is honoured for the configured time after it
 */
public record IdempotentAnswer(String requestHash, String postId, long version, String slug, String status,
		Instant answeredAt) implements StateRecord {

}

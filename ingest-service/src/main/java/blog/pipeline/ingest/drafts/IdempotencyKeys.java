package blog.pipeline.ingest.drafts;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The shape of an {@code Idempotency-Key}: 1 to {@value #MAX_LENGTH} visible ASCII characters, enough for a UUID, a
 * ULID or a prefixed client key, and nothing that could smuggle control characters or look-alikes anywhere.
 */
final class IdempotencyKeys {

	static final String HEADER = "Idempotency-Key";

	static final int MAX_LENGTH = 255;

	private static final Pattern SHAPE = Pattern.compile("[\\x21-\\x7E]{1," + MAX_LENGTH + "}");

	private IdempotencyKeys() {
	}

	/**
	 * Checks the header's value.
	 * @return the key, or {@code null} when the request has none
	 * @throws DraftProblems.InvalidIdempotencyKeyException if the key is present but not of the allowed shape
	 */
	static @Nullable String check(@Nullable String key) {
		if (key != null && !SHAPE.matcher(key).matches()) {
			throw new DraftProblems.InvalidIdempotencyKeyException(key.length());
		}
		return key;
	}

}

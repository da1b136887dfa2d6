package blog.pipeline.ingest.state;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Record keys on the state topic: one namespace per kind of state. */
public final class StateKeys {

	static final String POST = "post:";

	static final String SLUG = "slug:";

	static final String IDEMPOTENCY = "idempotency:";

	private StateKeys() {
	}

	public static String post(String postId) {
		return POST + postId;
	}

	public static String slug(String slug) {
		return SLUG + slug;
	}

	/** The key of an editor's {@code Idempotency-Key}: hashed, so any header value gives a short, safe key. */
	public static String idempotency(String idempotencyKey) {
		return IDEMPOTENCY + sha256(idempotencyKey);
	}

	/** Lower-case hex SHA-256 of the text's UTF-8 bytes. */
	public static String sha256(String text) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java platform must provide SHA-256", ex);
		}
	}

}

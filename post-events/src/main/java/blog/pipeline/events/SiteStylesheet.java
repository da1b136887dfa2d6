package blog.pipeline.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The site's one stylesheet, shared by every page: render links it, publish uploads it. Its bucket key carries a hash
 * of its content, so it can be cached forever and a change is a new object.
 */
public final class SiteStylesheet {

	private static final String CSS = load();

	private static final String KEY = "assets/site-" + hash(CSS) + ".css";

	private SiteStylesheet() {
	}

	/** The stylesheet itself. */
	public static String css() {
		return CSS;
	}

	/** Its bucket key, e.g. {@code assets/site-1a2b3c4d5e.css}. */
	public static String key() {
		return KEY;
	}

	/** Its site-relative URL, e.g. {@code /assets/site-1a2b3c4d5e.css}. */
	public static String url() {
		return "/" + KEY;
	}

	private static String load() {
		try (InputStream in = SiteStylesheet.class.getResourceAsStream("site.css")) {
			if (in == null) {
				throw new IllegalStateException("site.css is missing from the post-events jar");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read site.css", ex);
		}
	}

	private static String hash(String text) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest, 0, 5);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
	}

}

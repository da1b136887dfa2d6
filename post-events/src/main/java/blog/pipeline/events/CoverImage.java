package blog.pipeline.events;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** A post's cover image: an absolute http(s) URL and its alt text. */
public record CoverImage(String url, String alt) {

	/**
	 * A cover image URL has at most this many characters: ample for any image host's URL with a query, and a bound
	 * on what every page, feed and index entry of the post repeats.
	 */
	public static final int MAX_URL_LENGTH = 2048;

	/**
	 * Whether the value is an absolute http(s) URL with a host: what ingest takes and publish checks again before a
	 * cover image URL goes into {@code src} and {@code href} attributes. A {@code javascript:} or {@code data:} URL,
	 * a protocol-relative {@code //host}, or one with blanks, a backslash or control characters (which a browser may
	 * strip before it reads the scheme) is not one: {@link URI} refuses those characters.
	 */
	public static boolean isWebUrl(String value) {
		try {
			URI uri = new URI(value);
			return uri.isAbsolute()
					&& ("http".equals(uri.getScheme().toLowerCase(Locale.ROOT))
							|| "https".equals(uri.getScheme().toLowerCase(Locale.ROOT)))
					&& uri.getHost() != null && !uri.getHost().isEmpty();
		}
		catch (URISyntaxException ex) {
			return false;
		}
	}

}

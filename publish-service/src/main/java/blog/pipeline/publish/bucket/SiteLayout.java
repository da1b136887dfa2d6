package blog.pipeline.publish.bucket;

import java.util.regex.Pattern;

/**
 * Where things live in the bucket and under which public path the CDN serves them; the CDN only maps {@code /x/} to
 * {@code x/index.html}.
 */
public final class SiteLayout {

	/** The home page's object key. */
	public static final String HOME_KEY = "index.html";

	/** The home page's public path. */
	public static final String HOME_PATH = "/";

	private static final Pattern SAFE_SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

	private SiteLayout() {
	}

	/**
	 * Whether {@code segment} can be one folder name of a key: letters, digits, {@code .}, {@code _} and {@code -},
	 * starting with a letter or digit, so it can never be {@code ..} or contain a {@code /}.
	 */
	public static boolean isSafeSegment(String segment) {
		return SAFE_SEGMENT.matcher(segment).matches();
	}

	public static String postKey(String slug) {
		return "posts/" + requireSafe(slug) + "/index.html";
	}

	public static String postPath(String slug) {
		return "/posts/" + requireSafe(slug) + "/";
	}

	public static String authorKey(String authorId) {
		return "authors/" + requireSafe(authorId) + "/index.html";
	}

	public static String authorPath(String authorId) {
		return "/authors/" + requireSafe(authorId) + "/";
	}

	private static String requireSafe(String segment) {
		if (!isSafeSegment(segment)) {
			throw new IllegalArgumentException("Not a safe path segment: '" + segment + "'");
		}
		return segment;
	}

}

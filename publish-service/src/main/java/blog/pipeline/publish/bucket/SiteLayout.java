package blog.pipeline.publish.bucket;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;

/**
 * Where things live in the bucket and under which public path the CDN serves them; the CDN only maps {@code /x/} to
 * {@code x/index.html}.
 */
public final class SiteLayout {

	/** The home page's object key. */
	public static final String HOME_KEY = "index.html";

	/** The home page's public path. */
	public static final String HOME_PATH = "/";

	/** The site-wide Atom feed. */
	public static final String FEED_KEY = "feed.xml";

	/** The sitemap index. */
	public static final String SITEMAP_KEY = "sitemap.xml";

	/** The sitemap part that lists the home page and the author pages. */
	public static final String SITEMAP_PAGES_KEY = "sitemaps/pages.xml";

	/** The page the CDN answers unknown paths with. */
	public static final String NOT_FOUND_KEY = "404.html";

	private SiteLayout() {
	}

	/**
	 * Whether {@code segment} can be one folder name of a key: letters, digits, {@code .}, {@code _} and {@code -},
	 * starting with a letter or digit, so it can never be {@code ..} or contain a {@code /}.
	 */
	public static boolean isSafeSegment(String segment) {
		// the same as matching [A-Za-z0-9][A-Za-z0-9._-]{0,199}, without a regex: it runs for every URL of a sitemap
		if (segment.isEmpty() || segment.length() > 200 || !isLetterOrDigit(segment.charAt(0))) {
			return false;
		}
		for (int i = 1; i < segment.length(); i++) {
			char c = segment.charAt(i);
			if (!isLetterOrDigit(c) && c != '.' && c != '_' && c != '-') {
				return false;
			}
		}
		return true;
	}

	private static boolean isLetterOrDigit(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
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

	/** The author's archive page of one month, e.g. {@code authors/maria/2026/11/index.html}. */
	public static String authorMonthKey(String authorId, YearMonth month) {
		return "authors/" + requireSafe(authorId) + "/" + monthFolder(month) + "/index.html";
	}

	/** The page listing every archive month of an author (it changes only when a month is added or emptied). */
	public static String authorArchiveKey(String authorId) {
		return "authors/" + requireSafe(authorId) + "/archive/index.html";
	}

	public static String authorFeedKey(String authorId) {
		return "authors/" + requireSafe(authorId) + "/feed.xml";
	}

	/** The sitemap part listing the posts published in one month. */
	public static String sitemapMonthKey(YearMonth month) {
		return "sitemaps/posts-" + month + ".xml";
	}

	/** The public path of an object: {@code x/index.html} is served at {@code /x/}, anything else as it is. */
	public static String pathOf(String key) {
		if (key.equals(HOME_KEY)) {
			return HOME_PATH;
		}
		if (key.endsWith("/index.html")) {
			return "/" + key.substring(0, key.length() - "index.html".length());
		}
		return "/" + key;
	}

	/** The month (UTC) a post dated {@code publishedAt} is archived under. */
	public static YearMonth monthOf(Instant publishedAt) {
		return YearMonth.from(publishedAt.atOffset(ZoneOffset.UTC));
	}

	private static String monthFolder(YearMonth month) {
		return "%04d/%02d".formatted(month.getYear(), month.getMonthValue());
	}

	private static String requireSafe(String segment) {
		if (!isSafeSegment(segment)) {
			throw new IllegalArgumentException("Not a safe path segment: '" + segment + "'");
		}
		return segment;
	}

}

package blog.pipeline.publish.bucket;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.zip.CRC32;

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

	/**
	 * The sitemap parts of posts, one of {@code parts}, e.g. {@code sitemaps/posts-7-of-64.xml}. Every key under this
	 * prefix that is not a part of the current layout is stale (an earlier layout's: another number of parts, or the
	 * monthly {@code sitemaps/posts-2026-11.xml} of before) and is deleted by the site writer.
	 */
	public static final String SITEMAP_POSTS_PREFIX = "sitemaps/posts-";

	/** The sitemap part number {@code part} (from 0) of {@code parts}. */
	public static String sitemapPartKey(int part, int parts) {
		if (part < 0 || part >= parts) {
			throw new IllegalArgumentException("No sitemap part " + part + " of " + parts);
		}
		return SITEMAP_POSTS_PREFIX + part + "-of-" + parts + ".xml";
	}

	/**
	 * The sitemap part (from 0) that lists the post {@code postId} when there are {@code parts}: the CRC-32 of the id's
	 * UTF-8 bytes modulo {@code parts}, so a post stays in its part whatever its date, title or slug, every instance
	 * and version computes the same part, and posts spread evenly.
	 */
	public static int sitemapPartOf(String postId, int parts) {
		CRC32 crc = new CRC32();
		crc.update(postId.getBytes(StandardCharsets.UTF_8));
		return (int) (crc.getValue() % parts);
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

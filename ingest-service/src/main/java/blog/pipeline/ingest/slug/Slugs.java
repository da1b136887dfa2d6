package blog.pipeline.ingest.slug;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Slugs: a post's folder name in the bucket and its URL path segment. A slug is only lowercase ASCII letters and digits
 * in dash-separated groups, so it can never escape its folder.
 */
public final class Slugs {

	/** What a valid slug (and an author id) looks like. */
	public static final String PATTERN = "[a-z0-9]+(-[a-z0-9]+)*";

	/** The longest slug, in characters. */
	public static final int MAX_LENGTH = 100;

	private static final String FALLBACK_PREFIX = "post-";

	private static final int FALLBACK_ID_LENGTH = 8;

	/** Letters that Unicode decomposition leaves non-ASCII; looked up after lower-casing, so upper case maps too. */
	private static final Map<Character, String> LETTERS = Map.of('ß', "ss", 'æ', "ae", 'œ', "oe", 'ø', "o", 'đ', "d",
			'ł', "l", 'þ', "th", 'ð', "d");

	private static final Pattern COMBINING_MARKS = Pattern.compile("\\p{M}+");

	private static final Pattern NOT_SLUG_CHARACTERS = Pattern.compile("[^a-z0-9]+");

	private Slugs() {
	}

	/**
	 * Whether the text has the shape of {@link #PATTERN}: only {@code a-z}, {@code 0-9} and single dashes between
	 * them. Linear, without recursion, for any length.
	 */
	public static boolean isSlug(CharSequence text) {
		if (text.isEmpty()) {
			return false;
		}
		char previous = '-';
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			boolean alphanumeric = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
			if (!alphanumeric && (c != '-' || previous == '-')) {
				return false;
			}
			previous = c;
		}
		return previous != '-';
	}

	/**
	 * Derives the slug of a post from its title: transliterated to ASCII, lower case, every other character run
	 * replaced by one dash, at most {@value #MAX_LENGTH} characters (cut at a dash where possible).
	 * @param title the post's title
	 * @param postId the post's id (a UUID); names the post when nothing of the title survives, e.g. an all-CJK title
	 * @return a slug matching {@link #PATTERN}
	 */
	public static String fromTitle(String title, String postId) {
		String ascii = NOT_SLUG_CHARACTERS.matcher(transliterate(title.toLowerCase(Locale.ROOT))).replaceAll("-");
		String slug = shorten(trimDashes(ascii));
		if (slug.isEmpty()) {
			String id = postId.toLowerCase(Locale.ROOT);
			return FALLBACK_PREFIX + id.substring(0, Math.min(FALLBACK_ID_LENGTH, id.length()));
		}
		return slug;
	}

	private static String transliterate(String text) {
		StringBuilder mapped = new StringBuilder(text.length());
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			String replacement = LETTERS.get(c);
			if (replacement != null) {
				mapped.append(replacement);
			}
			else {
				mapped.append(c);
			}
		}
		return COMBINING_MARKS.matcher(Normalizer.normalize(mapped, Normalizer.Form.NFKD)).replaceAll("");
	}

	private static String trimDashes(String text) {
		int start = 0;
		int end = text.length();
		while (start < end && text.charAt(start) == '-') {
			start++;
		}
		while (end > start && text.charAt(end - 1) == '-') {
			end--;
		}
		return text.substring(start, end);
	}

	private static String shorten(String slug) {
		if (slug.length() <= MAX_LENGTH) {
			return slug;
		}
		String head = slug.substring(0, MAX_LENGTH);
		if (slug.charAt(MAX_LENGTH) == '-') {
			return head;
		}
		int lastDash = head.lastIndexOf('-');
		// One word longer than the limit has no dash to cut at.
		return (lastDash > 0) ? head.substring(0, lastDash) : head;
	}

}

package blog.pipeline.events;

/** A post's cover image: an absolute http(s) URL and its alt text. */
public record CoverImage(String url, String alt) {

	/**
	 * A cover image URL has at most this many characters: ample for any image host's URL with a query, and a bound
	 * on what every page, feed and index entry of the post repeats.
	 */
	public static final int MAX_URL_LENGTH = 2048;

}

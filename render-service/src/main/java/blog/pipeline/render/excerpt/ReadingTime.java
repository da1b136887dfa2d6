package blog.pipeline.render.excerpt;

import blog.pipeline.render.markdown.SafeHtml;

/** Reading time in whole minutes at {@value #WORDS_PER_MINUTE} words a minute, rounded up, at least one. */
public final class ReadingTime {

	public static final int WORDS_PER_MINUTE = 200;

	private ReadingTime() {
	}

	/** Minutes to read the text of a rendered body (markup does not count). */
	public static int minutes(SafeHtml body) {
		return minutesFor(body.words());
	}

	public static int minutesFor(int words) {
		return Math.max(1, (words + WORDS_PER_MINUTE - 1) / WORDS_PER_MINUTE);
	}

}

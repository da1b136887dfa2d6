package blog.pipeline.render.markdown;

/**
 * Counts words as readers see them, fed characters one by one: runs of characters between whitespace (a no-break space
 * joins words), except in Chinese and Japanese text, which has no spaces between words: there each ideograph or kana
 * counts as a word of its own (the usual way to measure such text), and punctuation right after one belongs to it.
 * Korean separates its words with spaces, so Hangul counts like Latin text. Tells when a character starts a word, so
 * callers can find where a word starts.
 */
public final class WordCounter {

	private static final int BETWEEN_WORDS = 0;

	private static final int IN_WORD = 1;

	private static final int AFTER_CHARACTER_WORD = 2;

	/** ASCII characters that {@link Character#isWhitespace} accepts. */
	private static final boolean[] ASCII_WHITESPACE = new boolean[0x80];

	/** 1 for ASCII characters that {@link Character#isWhitespace} refuses, else 0. */
	private static final int[] ASCII_NOT_WHITESPACE = new int[0x80];

	/** ASCII characters that {@link Character#isLetterOrDigit} accepts. */
	private static final boolean[] ASCII_LETTER_OR_DIGIT = new boolean[0x80];

	static {
		for (char c = 0; c < 0x80; c++) {
			ASCII_WHITESPACE[c] = Character.isWhitespace(c);
			ASCII_NOT_WHITESPACE[c] = Character.isWhitespace(c) ? 0 : 1;
			ASCII_LETTER_OR_DIGIT[c] = Character.isLetterOrDigit(c);
		}
	}

	private int state = BETWEEN_WORDS;

	private int words;

	/** The words of a text. */
	public static int count(String text) {
		WordCounter counter = new WordCounter();
		counter.feed(text);
		return counter.words;
	}

	public int words() {
		return this.words;
	}

	/**
	 * Takes all characters of a text: the same decisions as {@link #startsWord} for each, with ASCII (most text, and
	 * this runs over whole bodies) decided inline from tables.
	 */
	public void feed(String text) {
		int state = this.state;
		int words = this.words;
		int length = text.length();
		for (int i = 0; i < length; i++) {
			char c = text.charAt(i);
			if (c < 0x80 && state != AFTER_CHARACTER_WORD) {
				// without branches on the text (word boundaries are unpredictable): a word starts where a character
				// that is not whitespace follows whitespace; the state is then IN_WORD (1) or BETWEEN_WORDS (0)
				int notSpace = ASCII_NOT_WHITESPACE[c];
				words += (state ^ 1) & notSpace;
				state = notSpace;
				continue;
			}
			if (c < 0x80) {
				// right after an ideograph: punctuation belongs to it, a letter or digit starts a word
				if (ASCII_WHITESPACE[c]) {
					state = BETWEEN_WORDS;
				}
				else if (ASCII_LETTER_OR_DIGIT[c]) {
					state = IN_WORD;
					words++;
				}
				continue;
			}
			this.state = state;
			this.words = words;
			if (Character.isHighSurrogate(c) && i + 1 < length) {
				int codePoint = text.codePointAt(i);
				startsWord(codePoint);
				i += Character.charCount(codePoint) - 1;
			}
			else {
				startsWord(c);
			}
			state = this.state;
			words = this.words;
		}
		this.state = state;
		this.words = words;
	}

	/** Takes the next character; true when it starts a new word. */
	public boolean startsWord(int codePoint) {
		if (codePoint < 0x80) {
			return startsAsciiWord(codePoint);
		}
		if (Character.isWhitespace(codePoint)) {
			this.state = BETWEEN_WORDS;
			return false;
		}
		if (isCharacterWord(codePoint)) {
			this.state = AFTER_CHARACTER_WORD;
			this.words++;
			return true;
		}
		if (this.state == IN_WORD
				|| (this.state == AFTER_CHARACTER_WORD && !Character.isLetterOrDigit(codePoint))) {
			// the rest of a word, or punctuation closing an ideograph ("好。", "字」")
			return false;
		}
		if (this.state == BETWEEN_WORDS && isOpeningCjkPunctuation(codePoint)) {
			// "「" before an ideograph belongs to it, not a word of its own
			return false;
		}
		this.state = IN_WORD;
		this.words++;
		return true;
	}

	/** The same decision as {@link #startsWord} for ASCII, which is most text, without the script lookups. */
	private boolean startsAsciiWord(int c) {
		if (ASCII_WHITESPACE[c]) {
			this.state = BETWEEN_WORDS;
			return false;
		}
		if (this.state == IN_WORD || (this.state == AFTER_CHARACTER_WORD && !ASCII_LETTER_OR_DIGIT[c])) {
			return false;
		}
		this.state = IN_WORD;
		this.words++;
		return true;
	}

	public void lineBreak() {
		this.state = BETWEEN_WORDS;
	}

	private static boolean isOpeningCjkPunctuation(int codePoint) {
		if (codePoint < 0x3000) {
			return false;
		}
		Character.UnicodeBlock block = Character.UnicodeBlock.of(codePoint);
		return block == Character.UnicodeBlock.CJK_SYMBOLS_AND_PUNCTUATION
				|| (block == Character.UnicodeBlock.HALFWIDTH_AND_FULLWIDTH_FORMS
						&& !Character.isLetterOrDigit(codePoint));
	}

	/** Whether the character is written without spaces around it and so counts as a word by itself. */
	public static boolean isCharacterWord(int codePoint) {
		if (codePoint < 0x2E80) {
			// below the CJK radicals: Latin, Greek, Cyrillic, Arabic... (and skips the script lookup for most text)
			return false;
		}
		Character.UnicodeScript script = Character.UnicodeScript.of(codePoint);
		return script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
				|| script == Character.UnicodeScript.KATAKANA || script == Character.UnicodeScript.BOPOMOFO;
	}

}

package blog.pipeline.render.excerpt;

import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeFilter;
import org.jsoup.select.NodeTraversor;
import org.jspecify.annotations.Nullable;

/**
 * Words as readers see them: runs of characters between whitespace (a non-breaking space joins words), except in
 * Chinese and Japanese text, which has no spaces between words: there each ideograph or kana counts as a word of its
 * own (the usual way to measure such text), and punctuation right after one belongs to it. Korean separates its words
 * with spaces, so Hangul counts like Latin text. Counts words in plain text and finds where the word after a limit
 * starts in an HTML tree, so a cut never splits a word.
 */
final class Words {

	private Words() {
	}

	static int count(String text) {
		Counter counter = new Counter();
		for (int i = 0; i < text.length();) {
			int codePoint = text.codePointAt(i);
			counter.startsWord(codePoint);
			i += Character.charCount(codePoint);
		}
		return counter.words;
	}

	static int count(Element element) {
		Scan scan = new Scan(Integer.MAX_VALUE);
		NodeTraversor.filter(scan, element);
		return scan.counter.words;
	}

	/**
	 * Where word number {@code limit + 1} starts in the element's text, or {@code null} when it has no more than
	 * {@code limit} words.
	 */
	static @Nullable Position startOfWordAfter(Element element, int limit) {
		Scan scan = new Scan(limit);
		NodeTraversor.filter(scan, element);
		return scan.found;
	}

	/** Whether the character is written without spaces around it and so counts as a word by itself. */
	static boolean isCharacterWord(int codePoint) {
		if (codePoint < 0x2E80) {
			// below the CJK radicals: Latin, Greek, Cyrillic, Arabic... (and skips the script lookup for most text)
			return false;
		}
		Character.UnicodeScript script = Character.UnicodeScript.of(codePoint);
		return script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
				|| script == Character.UnicodeScript.KATAKANA || script == Character.UnicodeScript.BOPOMOFO;
	}

	/** A character offset in one text node. */
	record Position(TextNode node, int offset) {
	}

	/** Feeds characters one by one and tells when one starts a word. */
	private static final class Counter {

		private enum State {

			BETWEEN_WORDS, IN_WORD, AFTER_CHARACTER_WORD

		}

		private State state = State.BETWEEN_WORDS;

		private int words;

		/** Takes the next character; true when it starts a new word. */
		boolean startsWord(int codePoint) {
			if (Character.isWhitespace(codePoint)) {
				this.state = State.BETWEEN_WORDS;
				return false;
			}
			if (isCharacterWord(codePoint)) {
				this.state = State.AFTER_CHARACTER_WORD;
				this.words++;
				return true;
			}
			if (this.state == State.IN_WORD
					|| (this.state == State.AFTER_CHARACTER_WORD && !Character.isLetterOrDigit(codePoint))) {
				// the rest of a word, or punctuation closing an ideograph ("好。", "字」")
				return false;
			}
			if (this.state == State.BETWEEN_WORDS && isOpeningCjkPunctuation(codePoint)) {
				// "「" before an ideograph belongs to it, not a word of its own
				return false;
			}
			this.state = State.IN_WORD;
			this.words++;
			return true;
		}

		void lineBreak() {
			this.state = State.BETWEEN_WORDS;
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

	}

	/** Walks text nodes in document order; a line break element separates words like whitespace does. */
	private static final class Scan implements NodeFilter {

		private final int limit;

		private final Counter counter = new Counter();

		private @Nullable Position found;

		Scan(int limit) {
			this.limit = limit;
		}

		@Override
		public FilterResult head(Node node, int depth) {
			if (node instanceof TextNode textNode) {
				String text = textNode.getWholeText();
				for (int i = 0; i < text.length();) {
					int codePoint = text.codePointAt(i);
					if (this.counter.startsWord(codePoint) && this.counter.words > this.limit) {
						this.found = new Position(textNode, i);
						return FilterResult.STOP;
					}
					i += Character.charCount(codePoint);
				}
			}
			else if (node instanceof Element element && (element.nameIs("br") || element.isBlock())) {
				this.counter.lineBreak();
			}
			return FilterResult.CONTINUE;
		}

		@Override
		public FilterResult tail(Node node, int depth) {
			if (node instanceof Element element && element.isBlock()) {
				this.counter.lineBreak();
			}
			return FilterResult.CONTINUE;
		}

	}

}

package blog.pipeline.render.excerpt;

import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeFilter;
import org.jsoup.select.NodeTraversor;
import blog.pipeline.render.markdown.WordCounter;
import org.jspecify.annotations.Nullable;

/**
 * Words as readers see them: runs of characters between whitespace (a non-breaking space joins words), except in
 * Chinese and Japanese text, which has no spaces between words: there each ideograph or kana counts as a word of its
 * own (the usual way to measure such text), and punctuation right after one belongs to it. Korean separates its words
 * with spaces, so Hangul counts like Latin text (the rules are {@link WordCounter}'s). Counts words in plain text and
 * finds where the word after a limit starts in an HTML tree, so a cut never splits a word.
 */
final class Words {

	private Words() {
	}

	static int count(String text) {
		return WordCounter.count(text);
	}

	static int count(Element element) {
		Scan scan = new Scan(Integer.MAX_VALUE);
		NodeTraversor.filter(scan, element);
		return scan.counter.words();
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

	/** A character offset in one text node. */
	record Position(TextNode node, int offset) {
	}

	/** Walks text nodes in document order; a line break element separates words like whitespace does. */
	private static final class Scan implements NodeFilter {

		private final int limit;

		private final WordCounter counter = new WordCounter();

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
					if (this.counter.startsWord(codePoint) && this.counter.words() > this.limit) {
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

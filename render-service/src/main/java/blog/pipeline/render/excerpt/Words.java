package blog.pipeline.render.excerpt;

import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeFilter;
import org.jsoup.select.NodeTraversor;
import org.jspecify.annotations.Nullable;

/**
 * Words as readers see them: runs of characters between whitespace (a non-breaking space joins words). Counts them in
 * plain text and finds where the word after a limit starts in an HTML tree, so a cut never splits a word.
 */
final class Words {

	private Words() {
	}

	static int count(String text) {
		int words = 0;
		boolean inWord = false;
		for (int i = 0; i < text.length(); i++) {
			if (Character.isWhitespace(text.charAt(i))) {
				inWord = false;
			}
			else if (!inWord) {
				inWord = true;
				words++;
			}
		}
		return words;
	}

	static int count(Element element) {
		Scan scan = new Scan(Integer.MAX_VALUE);
		NodeTraversor.filter(scan, element);
		return scan.words;
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

		private int words;

		private boolean inWord;

		private @Nullable Position found;

		Scan(int limit) {
			this.limit = limit;
		}

		@Override
		public FilterResult head(Node node, int depth) {
			if (node instanceof TextNode textNode) {
				String text = textNode.getWholeText();
				for (int i = 0; i < text.length(); i++) {
					if (Character.isWhitespace(text.charAt(i))) {
						this.inWord = false;
					}
					else if (!this.inWord) {
						this.inWord = true;
						this.words++;
						if (this.words > this.limit) {
							this.found = new Position(textNode, i);
							return FilterResult.STOP;
						}
					}
				}
			}
			else if (node instanceof Element element && element.nameIs("br")) {
				this.inWord = false;
			}
			return FilterResult.CONTINUE;
		}

	}

}

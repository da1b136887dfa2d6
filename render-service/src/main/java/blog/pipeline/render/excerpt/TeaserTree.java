package blog.pipeline.render.excerpt;

import java.util.ArrayList;
import java.util.List;

import blog.pipeline.render.markdown.MarkdownRenderer;
import blog.pipeline.render.markdown.WordCounter;
import org.commonmark.ext.gfm.tables.TableBody;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TableHead;
import org.commonmark.ext.gfm.tables.TableRow;
import org.commonmark.ext.task.list.items.TaskListItemMarker;
import org.commonmark.node.Block;
import org.commonmark.node.Code;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.Image;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Link;
import org.commonmark.node.ListBlock;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.node.Text;
import org.jspecify.annotations.Nullable;

/**
 * Teaser operations on the Markdown tree of a document without raw HTML, so a teaser needs no HTML parse: they do on
 * the tree what the HTML path does on the rendered blocks (and give the same result, which the tests check). Words,
 * cut positions and text follow the HTML the tree renders to: a block element separates words, code blocks keep their
 * whitespace, other text has its whitespace collapsed (as {@code Element.text()} of jsoup does).
 */
final class TeaserTree {

	/** What a cut text must not end with before the ellipsis is added (Latin and CJK commas, colons, stops). */
	private static final String SEPARATORS = " \t\n\u000B\f\r,;:.-–—…、，；：。・";

	private TeaserTree() {
	}

	/**
	 * Readies a top-level block for a first-blocks teaser: links become their text, images and check boxes go, a
	 * heading becomes a bold paragraph. Returns the block that replaces it in the document.
	 */
	static Node forFirstBlocks(Node block) {
		List<Node> links = new ArrayList<>();
		List<Node> removed = new ArrayList<>();
		collect(block, links, removed);
		removed.forEach(Node::unlink);
		links.forEach(MarkdownRenderer::unwrap);
		return (block instanceof Heading heading) ? boldParagraph(heading) : block;
	}

	/** Readies a document cut at the more marker: check boxes go, headings become bold paragraphs. */
	static void forMoreMarker(Node document) {
		List<Node> headings = new ArrayList<>();
		List<Node> markers = new ArrayList<>();
		collectHeadingsAndMarkers(document, headings, markers);
		markers.forEach(Node::unlink);
		headings.forEach((heading) -> boldParagraph((Heading) heading));
	}

	private static void collect(Node node, List<Node> links, List<Node> removed) {
		for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
			if (child instanceof Image || child instanceof TaskListItemMarker) {
				removed.add(child);
				continue;
			}
			if (child instanceof Link) {
				links.add(child);
			}
			collect(child, links, removed);
		}
	}

	private static void collectHeadingsAndMarkers(Node node, List<Node> headings, List<Node> markers) {
		for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
			if (child instanceof TaskListItemMarker) {
				markers.add(child);
			}
			else if (child instanceof Heading) {
				headings.add(child);
			}
			else {
				collectHeadingsAndMarkers(child, headings, markers);
			}
		}
	}

	private static Paragraph boldParagraph(Heading heading) {
		Paragraph paragraph = new Paragraph();
		StrongEmphasis strong = new StrongEmphasis("**");
		paragraph.appendChild(strong);
		moveChildren(heading, strong);
		heading.insertBefore(paragraph);
		heading.unlink();
		return paragraph;
	}

	private static void moveChildren(Node from, Node to) {
		Node child = from.getFirstChild();
		while (child != null) {
			Node next = child.getNext();
			to.appendChild(child);
			child = next;
		}
	}

	static int countWords(Node block) {
		WordScan scan = new WordScan(Integer.MAX_VALUE);
		scan.walk(block);
		return scan.counter.words();
	}

	/** Where word number {@code limit + 1} starts in the block, or {@code null} when it has no more words. */
	static @Nullable Position startOfWordAfter(Node block, int limit) {
		WordScan scan = new WordScan(limit);
		scan.walk(block);
		return scan.found;
	}

	/**
	 * Cuts the block before the position: drops what follows, trims separators at the new end, adds the ellipsis and
	 * removes what was left empty.
	 */
	static void cutAt(Node block, Position cut) {
		setLiteral(cut.node(), literal(cut.node()).substring(0, cut.offset()));
		for (Node node = cut.node(); node != block && node != null; node = node.getParent()) {
			while (node.getNext() != null) {
				node.getNext().unlink();
			}
		}
		List<Node> texts = new ArrayList<>();
		if (hasLiteral(block)) {
			texts.add(block);
		}
		collectTexts(block, texts);
		for (int i = texts.size() - 1; i >= 0; i--) {
			Node text = texts.get(i);
			String kept = withoutTrailingSeparators(literal(text));
			if (kept.isBlank()) {
				text.unlink();
				continue;
			}
			setLiteral(text, kept + ExcerptExtractor.ELLIPSIS);
			break;
		}
		removeEmpty(block);
	}

	/**
	 * The text without the run of {@linkplain #SEPARATORS separators} at its end, as the pattern
	 * {@code [\s,;:.\-–—…、，；：。・]+$} removes it with {@code replaceAll("")} (so also a run just before a final
	 * line terminator that is not a separator: {@code $} matches there too), without a regex that tries every
	 * position of the text.
	 */
	static String withoutTrailingSeparators(String text) {
		int end = text.length();
		if (end > 0 && isLineTerminatorOnly(text.charAt(end - 1))) {
			end--;
		}
		int start = end;
		while (start > 0 && SEPARATORS.indexOf(text.charAt(start - 1)) >= 0) {
			start--;
		}
		return (start == end) ? text : text.substring(0, start) + text.substring(end);
	}

	/** A line terminator for {@code $} that is no separator (the others, {@code \n} and {@code \r}, are). */
	private static boolean isLineTerminatorOnly(char c) {
		return c == '\u0085' || c == '\u2028' || c == '\u2029';
	}

	/** The block's text as a browser shows it, whitespace collapsed except in code blocks, trimmed. */
	static String text(Node block) {
		TextCollector collector = new TextCollector();
		collector.walk(block, block);
		return collector.text.toString().trim();
	}

	private static void collectTexts(Node node, List<Node> texts) {
		for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
			if (hasLiteral(child) || child instanceof SoftLineBreak) {
				texts.add(child);
			}
			else {
				collectTexts(child, texts);
			}
		}
	}

	/** Removes what would render as an element without text (a line break stays). */
	private static void removeEmpty(Node node) {
		Node child = node.getFirstChild();
		while (child != null) {
			Node next = child.getNext();
			if (!(child instanceof Text) && !(child instanceof SoftLineBreak) && !(child instanceof HardLineBreak)) {
				if (!hasText(child)) {
					child.unlink();
				}
				else {
					removeEmpty(child);
				}
			}
			child = next;
		}
	}

	private static boolean hasText(Node node) {
		if (hasLiteral(node)) {
			return !isBlank(literal(node));
		}
		for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
			if (hasText(child)) {
				return true;
			}
		}
		return false;
	}

	private static boolean hasLiteral(Node node) {
		return node instanceof Text || node instanceof Code || node instanceof FencedCodeBlock
				|| node instanceof IndentedCodeBlock;
	}

	private static String literal(Node node) {
		if (node instanceof Text text) {
			return text.getLiteral();
		}
		if (node instanceof Code code) {
			return code.getLiteral();
		}
		if (node instanceof FencedCodeBlock code) {
			return code.getLiteral();
		}
		if (node instanceof IndentedCodeBlock code) {
			return code.getLiteral();
		}
		// a soft line break renders as a line feed
		return "\n";
	}

	private static void setLiteral(Node node, String literal) {
		if (node instanceof Text text) {
			text.setLiteral(literal);
		}
		else if (node instanceof Code code) {
			code.setLiteral(literal);
		}
		else if (node instanceof FencedCodeBlock code) {
			code.setLiteral(literal);
		}
		else if (node instanceof IndentedCodeBlock code) {
			code.setLiteral(literal);
		}
	}

	/** Whether the node renders as a block element (a paragraph in a tight list renders as its bare content). */
	private static boolean isBlockElement(Node node) {
		if (node instanceof Paragraph) {
			return !(node.getParent() instanceof ListItem item && item.getParent() instanceof ListBlock list
					&& list.isTight());
		}
		return node instanceof Block || node instanceof TableHead || node instanceof TableBody
				|| node instanceof TableRow || node instanceof TableCell;
	}

	private static boolean isCodeBlock(Node node) {
		return node instanceof FencedCodeBlock || node instanceof IndentedCodeBlock;
	}

	/** Blank as HTML sees it: only spaces, tabs, line breaks and no-break spaces. */
	private static boolean isBlank(String text) {
		for (int i = 0; i < text.length(); i++) {
			if (!isHtmlWhitespace(text.charAt(i))) {
				return false;
			}
		}
		return true;
	}

	private static boolean isHtmlWhitespace(int c) {
		return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == 0xA0;
	}

	/** A character offset in a text, inline code or code block node. */
	record Position(Node node, int offset) {
	}

	/** Counts words in document order; block elements and line breaks separate words. */
	private static final class WordScan {

		private final int limit;

		private final WordCounter counter = new WordCounter();

		private @Nullable Position found;

		WordScan(int limit) {
			this.limit = limit;
		}

		/** False once the word after the limit was found. */
		boolean walk(Node node) {
			boolean block = isBlockElement(node);
			if (block) {
				this.counter.lineBreak();
			}
			if (hasLiteral(node) && this.limit == Integer.MAX_VALUE) {
				// counting only: the counter's own loop, which takes ASCII without a call per character
				this.counter.feed(literal(node));
			}
			else if (hasLiteral(node)) {
				String text = literal(node);
				for (int i = 0; i < text.length();) {
					int codePoint = text.codePointAt(i);
					if (this.counter.startsWord(codePoint) && this.counter.words() > this.limit) {
						this.found = new Position(node, i);
						return false;
					}
					i += Character.charCount(codePoint);
				}
			}
			else if (node instanceof SoftLineBreak || node instanceof HardLineBreak) {
				this.counter.lineBreak();
			}
			else if (!(node instanceof Image)) {
				for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
					if (!walk(child)) {
						return false;
					}
				}
			}
			if (block) {
				this.counter.lineBreak();
			}
			return true;
		}

	}

	/**
	 * The text of the HTML the tree renders to, collected like {@code Element.text()} of jsoup: whitespace collapsed
	 * (no-break spaces included), code blocks as they are, a space between blocks and at line breaks.
	 */
	private static final class TextCollector {

		private final StringBuilder text = new StringBuilder(256);

		void walk(Node node, Node root) {
			boolean block = node != root && isBlockElement(node);
			if (block || node instanceof HardLineBreak) {
				if (!this.text.isEmpty() && !endsWithSpace()) {
					this.text.append(' ');
				}
			}
			if (isCodeBlock(node)) {
				this.text.append(literal(node));
			}
			else if (node instanceof Text || node instanceof Code || node instanceof SoftLineBreak) {
				appendNormalized(literal(node));
			}
			else if (!(node instanceof Image) && !(node instanceof HardLineBreak)) {
				for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
					walk(child, root);
				}
			}
			if (block && !endsWithSpace()) {
				// the line feed the renderer writes after a block's end tag
				this.text.append(' ');
			}
		}

		private boolean endsWithSpace() {
			return !this.text.isEmpty() && this.text.charAt(this.text.length() - 1) == ' ';
		}

		private void appendNormalized(String literal) {
			boolean lastWasWhite = false;
			boolean reachedNonWhite = false;
			boolean stripLeading = endsWithSpace();
			int length = literal.length();
			int i = 0;
			while (i < length) {
				char c = literal.charAt(i);
				if (isHtmlWhitespace(c)) {
					if (!((stripLeading && !reachedNonWhite) || lastWasWhite)) {
						this.text.append(' ');
						lastWasWhite = true;
					}
					i++;
				}
				else if (isInvisible(c)) {
					i++;
				}
				else {
					// a run of visible characters in one append
					int start = i;
					do {
						i++;
					}
					while (i < length && !isHtmlWhitespace(literal.charAt(i)) && !isInvisible(literal.charAt(i)));
					this.text.append(literal, start, i);
					lastWasWhite = false;
					reachedNonWhite = true;
				}
			}
		}

		/** Zero-width space and soft hyphen, which jsoup's text leaves out. */
		private static boolean isInvisible(char c) {
			return c == '\u200b' || c == '\u00ad';
		}

	}

}

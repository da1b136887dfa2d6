package blog.pipeline.render.excerpt;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import blog.pipeline.render.markdown.HtmlSanitizer;
import blog.pipeline.render.markdown.MarkdownRenderer;
import blog.pipeline.render.markdown.SafeHtml;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Node;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.node.ThematicBreak;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.TextNode;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Derives a post's teaser. In order of preference:
 * <ol>
 * <li>the draft's explicit excerpt, taken as plain text (escaped, never interpreted as Markdown or HTML);</li>
 * <li>the Markdown before a {@code <!--more-->} marker, rendered and sanitized like the body;</li>
 * <li>the first blocks of the body up to {@value #MAX_WORDS} words: paragraphs, and also headings, lists, quotes
 * and code, whose words count towards the limit like any other (tables and rules are left out). A longer text is cut
 * before a word (never inside a word, tag or entity: the cut happens on the parsed tree) and ends with "…". Links are
 * reduced to their text and images dropped, since the teaser usually sits inside a link to the post. In Chinese and
 * Japanese text each character counts as a word (see {@link Words}).</li>
 * </ol>
 * In every case the teaser exists as sanitized HTML and as plain text (blocks separated by a blank line). Headings
 * become bold paragraphs, so a teaser never adds headings or duplicate ids to the index page that lists it.
 * <p>
 * The teaser comes from the tree the body was rendered from (no second parse). When the blocks it uses hold no raw
 * HTML (most posts), it is cut and reduced on the Markdown tree and rendered by the escaping renderer, with no HTML
 * parse at all ({@link TeaserTree}); otherwise its blocks are rendered, cut on the HTML tree and sanitized like the
 * body. Both ways give the same teaser (the tests compare them).
 */
@Component
public class ExcerptExtractor {

	public static final int MAX_WORDS = 55;

	static final String ELLIPSIS = "…";

	private static final Pattern MORE_MARKER = Pattern.compile("<!--\\s*more\\s*-->", Pattern.CASE_INSENSITIVE);

	private static final Pattern BLANK_LINE = Pattern.compile("\\n[ \\t]*\\n\\s*");

	private static final Pattern WHITESPACE = Pattern.compile("\\s+");

	private final MarkdownRenderer markdown;

	private final HtmlSanitizer sanitizer;

	public ExcerptExtractor(MarkdownRenderer markdown, HtmlSanitizer sanitizer) {
		this.markdown = markdown;
		this.sanitizer = sanitizer;
	}

	public Excerpt extract(String bodyMarkdown, @Nullable String explicitExcerpt) {
		if (explicitExcerpt != null && !explicitExcerpt.isBlank()) {
			return fromPlainText(explicitExcerpt);
		}
		return extract(this.markdown.parse(bodyMarkdown), bodyMarkdown);
	}

	/**
	 * The teaser of a body that was {@link MarkdownRenderer#parse parsed} already (saves parsing it twice). The tree
	 * may be cut: render the body from it first.
	 */
	public Excerpt extract(Node document, String bodyMarkdown, @Nullable String explicitExcerpt) {
		if (explicitExcerpt != null && !explicitExcerpt.isBlank()) {
			return fromPlainText(explicitExcerpt);
		}
		return extract(document, bodyMarkdown);
	}

	private Excerpt extract(Node document, String bodyMarkdown) {
		return extract(document, bodyMarkdown, true);
	}

	/** {@code onTree}: false takes the HTML way even without raw HTML (for tests comparing the two). */
	Excerpt extract(Node document, String bodyMarkdown, boolean onTree) {
		// the more marker's text is in the source whenever the tree has one; most posts skip the tree walk
		if (hasMoreMarker(bodyMarkdown)) {
			MarkerFinder finder = new MarkerFinder();
			document.accept(finder);
			if (finder.marker != null) {
				Optional<Excerpt> teaser = beforeMarker(document, finder, onTree);
				if (teaser.isPresent()) {
					return teaser.get();
				}
				// only the marker itself was before the cut, and the tree is cut now: start again from the source
				document = this.markdown.parse(bodyMarkdown);
			}
		}
		if (onTree) {
			Excerpt teaser = firstBlocksOnTree(document);
			if (teaser != null) {
				return teaser;
			}
			// raw HTML in the first blocks, and they are changed now: start again from the source
			document = this.markdown.parse(bodyMarkdown);
		}
		return firstBlocks(document);
	}

	/** {@code <!--more-->} with any whitespace inside and any case, as the marker pattern finds it, without a regex. */
	static boolean hasMoreMarker(String markdown) {
		for (int at = markdown.indexOf("<!--"); at >= 0; at = markdown.indexOf("<!--", at + 1)) {
			int i = skipWhitespace(markdown, at + 4);
			if (markdown.regionMatches(true, i, "more", 0, 4)) {
				i = skipWhitespace(markdown, i + 4);
				if (markdown.startsWith("-->", i)) {
					return true;
				}
			}
		}
		return false;
	}

	private static int skipWhitespace(String text, int from) {
		int i = from;
		while (i < text.length() && " \t\n\u000B\f\r".indexOf(text.charAt(i)) >= 0) {
			i++;
		}
		return i;
	}

	/**
	 * The first blocks up to the word limit, cut and reduced on the Markdown tree; {@code null} (with the tree changed)
	 * when one of them holds raw HTML.
	 */
	private @Nullable Excerpt firstBlocksOnTree(Node document) {
		List<Node> blocks = new ArrayList<>();
		List<Integer> counts = new ArrayList<>();
		List<String> texts = new ArrayList<>();
		int words = 0;
		Node node = document.getFirstChild();
		while (node != null && words <= MAX_WORDS) {
			Node next = node.getNext();
			if (!(node instanceof ThematicBreak) && !(node instanceof TableBlock)) {
				if (MarkdownRenderer.hasRawHtml(node)) {
					return null;
				}
				Node block = TeaserTree.forFirstBlocks(node);
				String text = TeaserTree.text(block);
				if (!text.isBlank()) {
					int count = TeaserTree.countWords(block);
					blocks.add(block);
					counts.add(count);
					texts.add(text);
					words += count;
				}
			}
			node = next;
		}
		if (blocks.isEmpty()) {
			return Excerpt.NONE;
		}
		List<Node> kept = new ArrayList<>();
		int remaining = MAX_WORDS;
		for (int i = 0; i < blocks.size() && remaining > 0; i++) {
			Node block = blocks.get(i);
			kept.add(block);
			TeaserTree.Position cut = (counts.get(i) > remaining) ? TeaserTree.startOfWordAfter(block, remaining)
					: null;
			if (cut != null) {
				TeaserTree.cutAt(block, cut);
				// the one block that changed since its text was taken
				texts.set(i, TeaserTree.text(block));
				break;
			}
			remaining -= counts.get(i);
		}
		return new Excerpt(this.markdown.renderEach(kept), String.join("\n\n", texts.subList(0, kept.size())));
	}

	private Excerpt fromPlainText(String text) {
		List<String> paragraphs = new ArrayList<>();
		for (String paragraph : BLANK_LINE.split(text.replace("\r\n", "\n").replace('\r', '\n'))) {
			String normalized = WHITESPACE.matcher(paragraph).replaceAll(" ").strip();
			if (!normalized.isEmpty()) {
				paragraphs.add(normalized);
			}
		}
		return new Excerpt(SafeHtml.paragraphs(paragraphs), String.join("\n\n", paragraphs));
	}

	private Optional<Excerpt> beforeMarker(Node document, MarkerFinder finder, boolean onTree) {
		Node marker = finder.marker;
		if (marker == null) {
			return Optional.empty();
		}
		cutFrom(marker, finder.literalBefore);
		if (onTree && !MarkdownRenderer.hasRawHtml(document)) {
			TeaserTree.forMoreMarker(document);
			List<String> blocks = new ArrayList<>();
			for (Node block = document.getFirstChild(); block != null; block = block.getNext()) {
				String text = TeaserTree.text(block);
				if (!text.isBlank()) {
					blocks.add(text);
				}
			}
			if (blocks.isEmpty()) {
				return Optional.empty();
			}
			return Optional.of(new Excerpt(this.markdown.render(document), String.join("\n\n", blocks)));
		}
		Element body = parse(this.markdown.render(document));
		body.select("input").remove();
		for (Element heading : body.select("h1, h2, h3, h4, h5, h6")) {
			heading.tagName("strong").clearAttributes().wrap("<p></p>");
		}
		List<String> blocks = new ArrayList<>();
		for (Element block : body.children()) {
			if (!block.text().isBlank()) {
				blocks.add(block.text());
			}
		}
		if (blocks.isEmpty()) {
			return Optional.empty();
		}
		return Optional.of(new Excerpt(this.sanitizer.sanitize(body.html()), String.join("\n\n", blocks)));
	}

	/** Removes the marker and everything after it in document order. */
	private static void cutFrom(Node marker, String literalBefore) {
		for (Node node = marker; node.getParent() != null; node = node.getParent()) {
			Node next = node.getNext();
			while (next != null) {
				Node following = next.getNext();
				next.unlink();
				next = following;
			}
		}
		if (literalBefore.isBlank()) {
			marker.unlink();
		}
		else if (marker instanceof HtmlBlock block) {
			block.setLiteral(literalBefore);
		}
		else if (marker instanceof HtmlInline inline) {
			inline.setLiteral(literalBefore);
		}
	}

	private Excerpt firstBlocks(Node document) {
		List<Element> blocks = new ArrayList<>();
		int words = 0;
		// render block by block, and only as many as the limit needs
		for (Node node = document.getFirstChild(); node != null && words <= MAX_WORDS; node = node.getNext()) {
			if (!(node instanceof ThematicBreak) && !(node instanceof TableBlock)) {
				for (Element block : teaserBlocks(this.markdown.render(node))) {
					blocks.add(block);
					words += Words.count(block);
				}
			}
		}
		if (blocks.isEmpty()) {
			return Excerpt.NONE;
		}
		Element container = container();
		List<String> texts = new ArrayList<>();
		for (Element block : upToWords(blocks, MAX_WORDS)) {
			container.appendChild(block);
			texts.add(block.text());
		}
		return new Excerpt(this.sanitizer.sanitize(container.html()), String.join("\n\n", texts));
	}

	/**
	 * The blocks of a rendered top-level node as they appear in a teaser: links become their text, images and check
	 * boxes go, and a heading becomes a bold paragraph (a teaser sits under the post's own heading on index pages, so
	 * it must not add headings or anchor ids there).
	 */
	private static List<Element> teaserBlocks(SafeHtml html) {
		Element body = parse(html);
		body.select("a").unwrap();
		body.select("img, input").remove();
		for (Element heading : body.select("h1, h2, h3, h4, h5, h6")) {
			heading.tagName("strong").clearAttributes().wrap("<p></p>");
		}
		List<Element> blocks = new ArrayList<>();
		for (Element block : body.children()) {
			if (!block.text().isBlank()) {
				blocks.add(block);
			}
		}
		return blocks;
	}

	/** The paragraphs that fit in {@code maxWords}; the one that does not fit is cut and ends with "…". */
	static List<Element> upToWords(List<Element> paragraphs, int maxWords) {
		List<Element> kept = new ArrayList<>();
		int remaining = maxWords;
		for (Element paragraph : paragraphs) {
			if (remaining == 0) {
				break;
			}
			Words.Position cut = Words.startOfWordAfter(paragraph, remaining);
			kept.add(paragraph);
			if (cut != null) {
				cutAt(paragraph, cut);
				break;
			}
			remaining -= Words.count(paragraph);
		}
		return kept;
	}

	private static void cutAt(Element paragraph, Words.Position cut) {
		TextNode cutNode = cut.node();
		cutNode.text(cutNode.getWholeText().substring(0, cut.offset()));
		for (org.jsoup.nodes.Node node = cutNode; node != paragraph; node = node.parent()) {
			while (node.nextSibling() != null) {
				node.nextSibling().remove();
			}
		}
		List<TextNode> texts = allTextNodes(paragraph);
		for (int i = texts.size() - 1; i >= 0; i--) {
			TextNode text = texts.get(i);
			String kept = TeaserTree.withoutTrailingSeparators(text.getWholeText());
			if (kept.isBlank()) {
				text.remove();
				continue;
			}
			text.text(kept + ELLIPSIS);
			break;
		}
		for (Element element : paragraph.select("*")) {
			if (element != paragraph && !element.nameIs("br") && !element.hasText()) {
				element.remove();
			}
		}
	}

	private static List<TextNode> allTextNodes(Element element) {
		List<TextNode> texts = new ArrayList<>();
		element.traverse((node, depth) -> {
			if (node instanceof TextNode text) {
				texts.add(text);
			}
		});
		return texts;
	}

	private static Element parse(SafeHtml html) {
		Document document = Jsoup.parseBodyFragment(html.html());
		document.outputSettings().prettyPrint(false);
		return document.body();
	}

	private static Element container() {
		Document document = Document.createShell("");
		document.outputSettings().prettyPrint(false);
		return document.body();
	}

	/** Finds the first {@code <!--more-->} outside code, and the raw HTML before it in the same node. */
	private static final class MarkerFinder extends AbstractVisitor {

		private @Nullable Node marker;

		private String literalBefore = "";

		@Override
		public void visit(HtmlBlock htmlBlock) {
			check(htmlBlock, htmlBlock.getLiteral());
		}

		@Override
		public void visit(HtmlInline htmlInline) {
			check(htmlInline, htmlInline.getLiteral());
		}

		private void check(Node node, String literal) {
			if (this.marker != null) {
				return;
			}
			Matcher matcher = MORE_MARKER.matcher(literal);
			if (matcher.find()) {
				this.marker = node;
				this.literalBefore = literal.substring(0, matcher.start());
			}
		}

	}

}

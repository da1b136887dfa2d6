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
import org.commonmark.node.Paragraph;
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
 * <li>the first paragraphs of the body up to {@value #MAX_WORDS} words. A longer text is cut before a word (never
 * inside a word, tag or entity: the cut happens on the parsed tree) and ends with "…". Links are reduced to their
 * text and images dropped, since the teaser usually sits inside a link to the post.</li>
 * </ol>
 */
@Component
public class ExcerptExtractor {

	public static final int MAX_WORDS = 55;

	static final String ELLIPSIS = "…";

	private static final Pattern MORE_MARKER = Pattern.compile("<!--\\s*more\\s*-->", Pattern.CASE_INSENSITIVE);

	private static final Pattern BLANK_LINE = Pattern.compile("\\n[ \\t]*\\n\\s*");

	private static final Pattern WHITESPACE = Pattern.compile("\\s+");

	/** What a cut text must not end with before the ellipsis is added. */
	private static final Pattern TRAILING_SEPARATORS = Pattern.compile("[\\s,;:.\\-–—…]+$");

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
		return beforeMoreMarker(bodyMarkdown).orElseGet(() -> firstParagraphs(bodyMarkdown));
	}

	private Excerpt fromPlainText(String text) {
		List<String> paragraphs = new ArrayList<>();
		for (String paragraph : BLANK_LINE.split(text.replace("\r\n", "\n").replace('\r', '\n'))) {
			String normalized = WHITESPACE.matcher(paragraph).replaceAll(" ").strip();
			if (!normalized.isEmpty()) {
				paragraphs.add(normalized);
			}
		}
		Element container = container();
		paragraphs.forEach((paragraph) -> container.appendElement("p").text(paragraph));
		return new Excerpt(this.sanitizer.sanitize(container.html()), String.join("\n\n", paragraphs));
	}

	private Optional<Excerpt> beforeMoreMarker(String bodyMarkdown) {
		if (!MORE_MARKER.matcher(bodyMarkdown).find()) {
			return Optional.empty();
		}
		Node document = this.markdown.parse(bodyMarkdown);
		MarkerFinder finder = new MarkerFinder();
		document.accept(finder);
		if (finder.marker == null) {
			// the marker text only appears inside code, where it is content, not a marker
			return Optional.empty();
		}
		cutFrom(finder.marker, finder.literalBefore);
		SafeHtml html = this.markdown.render(document);
		Element body = parse(html);
		List<String> blocks = new ArrayList<>();
		for (Element block : body.children()) {
			if (!block.text().isBlank()) {
				blocks.add(block.text());
			}
		}
		if (blocks.isEmpty()) {
			return Optional.empty();
		}
		return Optional.of(new Excerpt(html, String.join("\n\n", blocks)));
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

	private Excerpt firstParagraphs(String bodyMarkdown) {
		Node document = this.markdown.parse(bodyMarkdown);
		List<Element> paragraphs = new ArrayList<>();
		for (Node node = document.getFirstChild(); node != null; node = node.getNext()) {
			if (node instanceof Paragraph) {
				Element paragraph = teaserParagraph(this.markdown.render(node));
				if (paragraph != null) {
					paragraphs.add(paragraph);
				}
			}
		}
		if (paragraphs.isEmpty()) {
			// no plain paragraph (only headings, lists, code...): fall back to all the text as one paragraph
			String text = parse(this.markdown.render(document)).text();
			if (text.isBlank()) {
				return Excerpt.NONE;
			}
			paragraphs.add(new Element("p").text(text));
		}
		Element container = container();
		List<String> texts = new ArrayList<>();
		for (Element paragraph : upToWords(paragraphs, MAX_WORDS)) {
			container.appendChild(paragraph);
			texts.add(paragraph.text());
		}
		return new Excerpt(this.sanitizer.sanitize(container.html()), String.join("\n\n", texts));
	}

	private static @Nullable Element teaserParagraph(SafeHtml html) {
		Element body = parse(html);
		body.select("a").unwrap();
		body.select("img").remove();
		Element paragraph = body.selectFirst("p");
		return (paragraph != null && !paragraph.text().isBlank()) ? paragraph : null;
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
			String kept = TRAILING_SEPARATORS.matcher(text.getWholeText()).replaceAll("");
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

package blog.pipeline.render.markdown;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import blog.pipeline.events.MarkdownLimits;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.strikethrough.StrikethroughExtension;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.ext.task.list.items.TaskListItemsExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Block;
import org.commonmark.node.Code;
import org.commonmark.node.CustomBlock;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Image;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.NodeRenderer;
import org.commonmark.renderer.html.AttributeProvider;
import org.commonmark.renderer.html.HtmlNodeRendererContext;
import org.commonmark.renderer.html.HtmlRenderer;
import org.commonmark.renderer.html.HtmlWriter;

import org.springframework.stereotype.Component;

/**
 * Markdown (CommonMark with the GitHub-flavoured extensions: tables, strikethrough, autolinks, task list items) to
 * sanitized HTML, with an {@code id} on every heading so sections can be linked to. Heading ids are stable: they are
 * derived from the heading's text alone (lower case, spaces to dashes, GitHub style) and numbered ({@code -1},
 * {@code -2}) only when the same text repeats, so a link to a section survives edits elsewhere in the post.
 * <p>
 * Safety works on two levels. On the Markdown tree, every link and image destination is checked like the
 * {@link HtmlSanitizer} checks URLs (a link to another scheme becomes its text, such an image is dropped). Then:
 * <ul>
 * <li>a document with raw HTML in it is rendered as is and cleaned by the {@link HtmlSanitizer}, so harmless markup
 * survives and anything else is removed;</li>
 * <li>a document without raw HTML is rendered by commonmark-java with HTML escaping on: everything it writes is
 * either its own fixed markup or escaped text and attributes, and the URLs were checked on the tree, so the result
 * needs no HTML parse. This is the common case and about twice as fast. (Should a raw HTML node ever get past the
 * check, escaping shows it as text; it never runs.)</li>
 * </ul>
 * Both paths add {@code rel="noopener noreferrer"} to external links and {@code loading="lazy"} to images.
 */
@Component
public class MarkdownRenderer {

	/**
	 * commonmark-java stops parsing a table with an exception once it has more cells than this (its default is a
	 * million). Render refuses a draft whose tables pass {@link MarkdownLimits#MAX_TABLE_CELLS} before parsing it,
	 * so the parser never gets there; the same number here keeps a draft that slipped past that check from
	 * building a huge table.
	 */
	private static final Extension TABLES = TablesExtension.builder().maxCells(MarkdownLimits.MAX_TABLE_CELLS).build();

	/**
	 * Block parsers open at once (the document, each block quote, list and list item, the innermost block); deeper
	 * lines are parsed as text of the innermost one. Within {@link MarkdownLimits#MAX_INDENTATION} a line opens
	 * about 40 at most, so only a draft that slipped past the limits gets near this; set explicitly (it is
	 * commonmark-java's default since 0.30) so it cannot change unseen with an upgrade.
	 */
	static final int MAX_OPEN_BLOCK_PARSERS = 100;

	/**
	 * How deeply emphasis, links and images may nest inline; deeper ones stay plain text, so rendering and visiting
	 * the tree never recurse deeper (commonmark-java's default is 100). The same as
	 * {@link MarkdownLimits#MAX_BRACKET_NESTING}: writing never nests emphasis that deep, and 100,000 {@code *} render
	 * as text rather than being refused.
	 */
	static final int MAX_INLINE_NESTING = MarkdownLimits.MAX_BRACKET_NESTING;

	private static final Extension STRIKETHROUGH = StrikethroughExtension.create();

	static final List<Extension> EXTENSIONS = List.of(TABLES, STRIKETHROUGH, new AutolinksWhereFound(),
			TaskListItemsExtension.create());

	private static final AttributeProvider SITE_ATTRIBUTES = (node, tagName, attributes) -> {
		if (node instanceof Link) {
			// sanitizeUrls adds rel="nofollow"; the site's own rule replaces it
			attributes.remove("rel");
			if (HtmlSanitizer.isAbsoluteWebUrl(attributes.getOrDefault("href", ""))) {
				attributes.put("rel", "noopener noreferrer");
			}
		}
		else if (node instanceof Image) {
			attributes.put("loading", "lazy");
		}
	};

	/**
	 * Parsers with all extensions but those whose syntax the source cannot hold, by {@link #parserIndex}: a table
	 * needs a {@code |} in its header line and strikethrough a {@code ~} (entities never make either), and without
	 * them their parsers only cost time (a table check on every paragraph line, one more special character).
	 */
	private final Parser[] parsers = parsersBySyntax();

	/** For documents with raw HTML: writes it through, the sanitizer cleans the result. */
	private final HtmlRenderer rawHtmlRenderer = HtmlRenderer.builder()
		.extensions(EXTENSIONS)
		.attributeProviderFactory((context) -> new HeadingIds())
		.nodeRendererFactory(EachOnItsOwnRenderer::new)
		.build();

	/** For documents without raw HTML: escapes anything HTML-like, URLs filtered again by commonmark-java. */
	private final HtmlRenderer escapingRenderer = HtmlRenderer.builder()
		.extensions(EXTENSIONS)
		.attributeProviderFactory((context) -> new HeadingIds())
		.nodeRendererFactory(CommentsDropped::new)
		.nodeRendererFactory(EachOnItsOwnRenderer::new)
		.escapeHtml(true)
		.sanitizeUrls(true)
		.attributeProviderFactory((context) -> SITE_ATTRIBUTES)
		.build();

	private final HtmlSanitizer sanitizer;

	public MarkdownRenderer(HtmlSanitizer sanitizer) {
		this.sanitizer = sanitizer;
	}

	/** Renders a whole Markdown document. */
	public SafeHtml render(String markdown) {
		return render(parse(markdown));
	}

	/**
	 * Parses Markdown into a tree that callers may trim before {@link #render(Node) rendering} it. Throws
	 * {@link IllegalArgumentException} for a table with more than {@link MarkdownLimits#MAX_TABLE_CELLS} cells.
	 */
	public Node parse(String markdown) {
		return this.parsers[parserIndex(markdown)].parse(markdown);
	}

	private static int parserIndex(String markdown) {
		return ((markdown.indexOf('|') >= 0) ? 1 : 0) | ((markdown.indexOf('~') >= 0) ? 2 : 0);
	}

	private static Parser[] parsersBySyntax() {
		Parser[] parsers = new Parser[4];
		for (int index = 0; index < parsers.length; index++) {
			boolean tables = (index & 1) != 0;
			boolean strikethrough = (index & 2) != 0;
			parsers[index] = Parser.builder()
				.maxOpenBlockParsers(MAX_OPEN_BLOCK_PARSERS)
				.maxInlineNesting(MAX_INLINE_NESTING)
				.extensions(EXTENSIONS.stream()
					.filter((extension) -> (extension != TABLES || tables)
							&& (extension != STRIKETHROUGH || strikethrough))
					.toList())
				.build();
		}
		return parsers;
	}

	/** Renders a parsed document, or any node of it on its own. Links and images with unsafe URLs are taken out. */
	public SafeHtml render(Node node) {
		Scan scan = scan(node);
		if (scan.rawHtml) {
			return renderThroughSanitizer(node);
		}
		// sized for the text plus markup, so the HTML is not copied again and again as it grows
		StringBuilder html = new StringBuilder(scan.textLength + scan.textLength / 2 + 256);
		this.escapingRenderer.render(node, html);
		return SafeHtml.escaped(html.toString(), scan.words.words());
	}

	/**
	 * Renders nodes of a document one after the other, each as if on its own and without the line break after it (for
	 * teasers made of a document's first blocks). Links and images with unsafe URLs are taken out.
	 */
	public SafeHtml renderEach(List<Node> nodes) {
		boolean rawHtml = false;
		boolean headings = false;
		int words = 0;
		int textLength = 0;
		for (Node node : nodes) {
			Scan scan = scan(node);
			rawHtml |= scan.rawHtml;
			headings |= scan.headings;
			words += scan.words.words();
			textLength += scan.textLength;
		}
		StringBuilder html = new StringBuilder(textLength + textLength / 2 + 64);
		HtmlRenderer renderer = rawHtml ? this.rawHtmlRenderer : this.escapingRenderer;
		if (headings) {
			// heading ids are numbered per rendering: one for each node, as if it were rendered alone
			for (Node node : nodes) {
				int start = html.length();
				renderer.render(node, html);
				if (html.length() > start && html.charAt(html.length() - 1) == '\n') {
					html.setLength(html.length() - 1);
				}
			}
		}
		else {
			// one rendering for all (each sets up every node renderer of the extensions), same markup
			renderer.render(new EachOnItsOwn(nodes, html), html);
		}
		return rawHtml ? this.sanitizer.sanitize(html.toString()) : SafeHtml.escaped(html.toString(), words);
	}

	/** Whether the node holds raw HTML other than comments (documents without it need no HTML parse). */
	public static boolean hasRawHtml(Node node) {
		RawHtmlFinder finder = new RawHtmlFinder();
		node.accept(finder);
		return finder.found;
	}

	private static Scan scan(Node node) {
		Scan scan = new Scan();
		node.accept(scan);
		scan.unsafeLinks.forEach(MarkdownRenderer::unwrap);
		scan.unsafeImages.forEach(Node::unlink);
		return scan;
	}

	/** The path for documents with raw HTML (any document could take it; tests compare the two). */
	SafeHtml renderThroughSanitizer(Node node) {
		return this.sanitizer.sanitize(this.rawHtmlRenderer.render(node));
	}

	/**
	 * Whether raw HTML is nothing but comments (such as the {@code <!--more-->} marker): one or more, whitespace
	 * around them. Browsers never show comments and the sanitizer removes them, so such a node is dropped on the
	 * escaping path instead of counting as raw HTML. (What the pattern
	 * {@code \s*(?:<!--(?:(?!-->)[\s\S])*-->\s*)+} matches; a comment ends at the first {@code -->} after its
	 * {@code <!--}.)
	 */
	static boolean isOnlyComments(String literal) {
		int at = skipWhitespace(literal, 0);
		if (!literal.startsWith("<!--", at)) {
			return false;
		}
		while (literal.startsWith("<!--", at)) {
			int end = literal.indexOf("-->", at + 4);
			if (end < 0) {
				return false;
			}
			at = skipWhitespace(literal, end + 3);
		}
		return at == literal.length();
	}

	/** Past the whitespace of {@code \s}: space, tab, line feed, vertical tab, form feed, carriage return. */
	private static int skipWhitespace(String text, int from) {
		int at = from;
		while (at < text.length() && " \t\n\u000B\f\r".indexOf(text.charAt(at)) >= 0) {
			at++;
		}
		return at;
	}

	/** Replaces a node (a link, say) by its content. */
	public static void unwrap(Node node) {
		Node child = node.getFirstChild();
		while (child != null) {
			Node next = child.getNext();
			node.insertBefore(child);
			child = next;
		}
		node.unlink();
	}

	/**
	 * One walk over the tree: finds raw HTML, links and images whose destination has a scheme other than the allowed
	 * ones, and counts the words a reader sees (blocks and line breaks separate words, alt text is not read).
	 */
	private static final class Scan extends AbstractVisitor {

		private boolean rawHtml;

		private boolean headings;

		private final List<Link> unsafeLinks = new ArrayList<>();

		private final List<Image> unsafeImages = new ArrayList<>();

		private final WordCounter words = new WordCounter();

		/** Characters of text and code, to size the rendered HTML. */
		private int textLength;

		@Override
		public void visit(HtmlBlock htmlBlock) {
			this.rawHtml |= !isOnlyComments(htmlBlock.getLiteral());
		}

		@Override
		public void visit(HtmlInline htmlInline) {
			this.rawHtml |= !isOnlyComments(htmlInline.getLiteral());
		}

		@Override
		public void visit(Heading heading) {
			this.headings = true;
			visitChildren(heading);
		}

		@Override
		public void visit(Link link) {
			if (!HtmlSanitizer.hasAllowedScheme(link.getDestination(), HtmlSanitizer.LINK_SCHEMES)) {
				this.unsafeLinks.add(link);
			}
			visitChildren(link);
		}

		@Override
		public void visit(Image image) {
			if (!HtmlSanitizer.hasAllowedScheme(image.getDestination(), HtmlSanitizer.IMAGE_SCHEMES)) {
				this.unsafeImages.add(image);
			}
			// alt text only: nothing in it is rendered as markup, and it is not read
		}

		@Override
		public void visit(Text text) {
			feed(text.getLiteral());
		}

		@Override
		public void visit(Code code) {
			feed(code.getLiteral());
		}

		@Override
		public void visit(FencedCodeBlock codeBlock) {
			this.words.lineBreak();
			feed(codeBlock.getLiteral());
			this.words.lineBreak();
		}

		@Override
		public void visit(IndentedCodeBlock codeBlock) {
			this.words.lineBreak();
			feed(codeBlock.getLiteral());
			this.words.lineBreak();
		}

		private void feed(String text) {
			this.words.feed(text);
			this.textLength += text.length();
		}

		@Override
		public void visit(SoftLineBreak softLineBreak) {
			this.words.lineBreak();
		}

		@Override
		public void visit(HardLineBreak hardLineBreak) {
			this.words.lineBreak();
		}

		@Override
		protected void visitChildren(Node parent) {
			// blocks separate words, inline nodes do not
			boolean block = parent instanceof Block || parent instanceof TableCell;
			if (block) {
				this.words.lineBreak();
			}
			super.visitChildren(parent);
			if (block) {
				this.words.lineBreak();
			}
		}

	}

	/** Finds raw HTML other than comments. */
	private static final class RawHtmlFinder extends AbstractVisitor {

		private boolean found;

		@Override
		public void visit(HtmlBlock htmlBlock) {
			this.found |= !isOnlyComments(htmlBlock.getLiteral());
		}

		@Override
		public void visit(HtmlInline htmlInline) {
			this.found |= !isOnlyComments(htmlInline.getLiteral());
		}

	}

	/** Nodes to render one after the other as if each were rendered alone ({@link #renderEach}); never in a tree. */
	private static final class EachOnItsOwn extends CustomBlock {

		private final List<Node> nodes;

		/** Where the rendering goes, so a node's final line feed can be taken back. */
		private final StringBuilder html;

		EachOnItsOwn(List<Node> nodes, StringBuilder html) {
			this.nodes = nodes;
			this.html = html;
		}

	}

	/**
	 * Renders the nodes of an {@link EachOnItsOwn} and drops the line feed after each. The writer then stands where a
	 * fresh one starts: its only memory, the last character written, decides whether a block starts on a new line,
	 * and a line feed there does the same as nothing written yet.
	 */
	private static final class EachOnItsOwnRenderer implements NodeRenderer {

		private final HtmlNodeRendererContext context;

		EachOnItsOwnRenderer(HtmlNodeRendererContext context) {
			this.context = context;
		}

		@Override
		public Set<Class<? extends Node>> getNodeTypes() {
			return Set.of(EachOnItsOwn.class);
		}

		@Override
		public void render(Node node) {
			EachOnItsOwn each = (EachOnItsOwn) node;
			StringBuilder html = each.html;
			for (Node part : each.nodes) {
				int start = html.length();
				this.context.render(part);
				if (html.length() == start || html.charAt(html.length() - 1) != '\n') {
					// nothing to take back, but the writer must remember a line feed, as it does after one
					this.context.getWriter().raw("\n");
				}
				html.setLength(html.length() - 1);
			}
		}

	}

	/**
	 * On the escaping path: writes nothing for raw HTML that is only comments, and any other raw HTML (which the scan
	 * sends down the sanitizer path, so it should never get here) as escaped text.
	 */
	private static final class CommentsDropped implements NodeRenderer {

		private final HtmlWriter html;

		CommentsDropped(HtmlNodeRendererContext context) {
			this.html = context.getWriter();
		}

		@Override
		public Set<Class<? extends Node>> getNodeTypes() {
			return Set.of(HtmlBlock.class, HtmlInline.class);
		}

		@Override
		public void render(Node node) {
			String literal = (node instanceof HtmlBlock block) ? block.getLiteral() : ((HtmlInline) node).getLiteral();
			if (!isOnlyComments(literal)) {
				this.html.text(literal);
			}
		}

	}

}

package blog.pipeline.render.markdown;

import java.util.List;

import org.commonmark.Extension;
import org.commonmark.ext.autolink.AutolinkExtension;
import org.commonmark.ext.gfm.strikethrough.StrikethroughExtension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.Node;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

import org.springframework.stereotype.Component;

/**
 * Markdown (CommonMark with GFM tables, strikethrough and autolinks) to sanitized HTML. Raw HTML in the Markdown is
 * kept by the Markdown renderer and then cleaned by the {@link HtmlSanitizer}, so harmless markup survives and
 * anything else is removed.
 */
@Component
public class MarkdownRenderer {

	private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create(), StrikethroughExtension.create(),
			AutolinkExtension.create());

	private final Parser parser = Parser.builder().extensions(EXTENSIONS).build();

	private final HtmlRenderer renderer = HtmlRenderer.builder().extensions(EXTENSIONS).build();

	private final HtmlSanitizer sanitizer;

	public MarkdownRenderer(HtmlSanitizer sanitizer) {
		this.sanitizer = sanitizer;
	}

	/** Renders a whole Markdown document. */
	public SafeHtml render(String markdown) {
		return render(parse(markdown));
	}

	/** Parses Markdown into a tree that callers may trim before {@link #render(Node) rendering} it. */
	public Node parse(String markdown) {
		return this.parser.parse(markdown);
	}

	/** Renders a parsed document, or any node of it on its own. */
	public SafeHtml render(Node node) {
		return this.sanitizer.sanitize(this.renderer.render(node));
	}

}

package blog.pipeline.render.markdown;

import java.util.List;

import org.commonmark.Extension;
import org.commonmark.ext.autolink.AutolinkExtension;
import org.commonmark.ext.gfm.strikethrough.StrikethroughExtension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.ext.heading.anchor.HeadingAnchorExtension;
import org.commonmark.ext.task.list.items.TaskListItemsExtension;
import org.commonmark.node.Node;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

import org.springframework.stereotype.Component;

/**
 * Markdown (CommonMark with the GitHub-flavoured extensions: tables, strikethrough, autolinks, task list items) to
 * sanitized HTML, with an {@code id} on every heading so sections can be linked to. Heading ids are stable: they are
 * derived from the heading's text alone (lower case, spaces to dashes, GitHub style) and numbered ({@code -1},
 * {@code -2}) only when the same text repeats, so a link to a section survives edits elsewhere in the post. Raw HTML
 * in the Markdown is kept by the Markdown renderer and then cleaned by the {@link HtmlSanitizer}, so harmless markup
 * survives and anything else is removed.
 */
@Component
public class MarkdownRenderer {

	private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create(), StrikethroughExtension.create(),
			AutolinkExtension.create(), TaskListItemsExtension.create(), HeadingAnchorExtension.create());

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

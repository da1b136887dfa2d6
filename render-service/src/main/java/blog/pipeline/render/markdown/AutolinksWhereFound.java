package blog.pipeline.render.markdown;

import java.util.ArrayList;
import java.util.List;

import org.commonmark.ext.autolink.AutolinkExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.parser.PostProcessor;

/**
 * commonmark-java's autolink extension, run only on the text nodes in which it can find a link. The extension's own
 * pass hands every text node outside links to the link extractor, which looks at each character; a text without
 * {@code ://}, {@code @} or {@code www.} never holds a link, and the
 * extension leaves such a node as it is (an empty one it removes, so empty ones still go through it). The tree is
 * the same as with the extension alone (the golden and tree tests compare them); the pass costs a tree walk instead
 * of a character-by-character scan of all text.
 */
final class AutolinksWhereFound implements Parser.ParserExtension {

	/** The extension's own post processor, taken from the extension so its link types and behaviour stay its own. */
	private final PostProcessor autolinks;

	AutolinksWhereFound() {
		List<PostProcessor> registered = new ArrayList<>();
		((Parser.ParserExtension) AutolinkExtension.create()).extend(new Parser.Builder() {
			@Override
			public Parser.Builder postProcessor(PostProcessor postProcessor) {
				registered.add(postProcessor);
				return this;
			}
		});
		if (registered.size() != 1) {
			throw new IllegalStateException(
					"The autolink extension registered " + registered.size() + " post processors, expected one");
		}
		this.autolinks = registered.get(0);
	}

	@Override
	public void extend(Parser.Builder parserBuilder) {
		parserBuilder.postProcessor((document) -> {
			document.accept(new Candidates());
			return document;
		});
	}

	/**
	 * Whether the text has what the link extractor starts a link at: {@code ://} (URLs), {@code @} (e-mail addresses)
	 * or {@code www.} (in any case, to be safe).
	 */
	static boolean mayHoldLink(String text) {
		return text.indexOf('@') >= 0 || text.contains("://") || hasWww(text, 'w') || hasWww(text, 'W');
	}

	private static boolean hasWww(String text, char w) {
		for (int at = text.indexOf(w); at >= 0 && at + 3 < text.length(); at = text.indexOf(w, at + 1)) {
			// only w and W match w ignoring case: most w's are followed by something else and need no more
			char second = text.charAt(at + 1);
			if ((second == 'w' || second == 'W') && text.regionMatches(true, at, "www.", 0, 4)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Walks the tree like the extension's visitor (text inside links is left alone) and hands it the text nodes that
	 * may hold a link; like the extension's walk, it goes on with the node that followed the text before it was split.
	 */
	private final class Candidates extends AbstractVisitor {

		private int inLink;

		@Override
		public void visit(Link link) {
			this.inLink++;
			visitChildren(link);
			this.inLink--;
		}

		@Override
		public void visit(Text text) {
			String literal = text.getLiteral();
			if (this.inLink == 0 && (literal.isEmpty() || mayHoldLink(literal))) {
				AutolinksWhereFound.this.autolinks.process(text);
			}
		}

	}

}

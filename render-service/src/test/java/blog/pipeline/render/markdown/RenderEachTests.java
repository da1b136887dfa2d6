package blog.pipeline.render.markdown;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.commonmark.node.Node;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link MarkdownRenderer#renderEach} renders all nodes in one go, yet each comes out as if rendered on its own
 * without its final line feed: the same as rendering the nodes one by one.
 */
class RenderEachTests {

	/**
	 * Blocks of every kind: nested headings (numbered per rendering), lists tight and loose, code ending in blank lines,
	 * comments (rendered as nothing), tables, task items, breaks, links and images safe and not, entities.
	 */
	private static final String[] BLOCKS = { "A paragraph with *emphasis* and `code`.", "Two\nlines  \nbroken",
			"> ## Quoted heading\n> text", "> ## Quoted heading", "- # Listed heading\n- item", "- a\n- b",
			"1. one\n\n2. two", "```\ncode\n\n\n```", "    indented\n\n", "<!--more-->", "<!-- a comment -->",
			"| a | b |\n|---|---|\n| 1 | 2 |", "- [x] done\n- [ ] open", "***", "[safe](https://a.org) and [bad](javascript:x)",
			"![img](https://i.org/i.png) ![bad](data:x)", "&amp; &lt; &copy;", "Setext\n===", "www.example.org" };

	private final MarkdownRenderer renderer = new MarkdownRenderer(new HtmlSanitizer());

	@Test
	void givesWhatRenderingEachNodeAloneGives() {
		Random random = new Random(13);
		for (int run = 0; run < 2_000; run++) {
			StringBuilder markdown = new StringBuilder();
			int blocks = 1 + random.nextInt(6);
			for (int i = 0; i < blocks; i++) {
				markdown.append(BLOCKS[random.nextInt(BLOCKS.length)]).append("\n\n");
			}
			String source = markdown.toString();

			StringBuilder oneByOne = new StringBuilder();
			for (Node node : children(this.renderer.parse(source))) {
				String html = this.renderer.render(node).html();
				oneByOne.append(html.endsWith("\n") ? html.substring(0, html.length() - 1) : html);
			}

			assertThat(this.renderer.renderEach(children(this.renderer.parse(source))).html()).as("'%s'", source)
				.isEqualTo(oneByOne.toString());
		}
	}

	private static List<Node> children(Node document) {
		List<Node> children = new ArrayList<>();
		for (Node child = document.getFirstChild(); child != null; child = child.getNext()) {
			children.add(child);
		}
		return children;
	}

}

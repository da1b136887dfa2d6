package blog.pipeline.render.posts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import blog.pipeline.events.PostRendered;
import blog.pipeline.render.xss.XssVectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.TextNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every vector of the XSS corpus, rendered by the real renderer, leaves no executable markup: no script element, no
 * event handler attribute and no {@code javascript:} anywhere in the markup of the page body, the teaser or the whole
 * page. (The words may stay visible as text, where they are harmless.) {@link XssCorpusBrowserTests} opens the same
 * pages in a real browser.
 */
class XssCorpusTests {

	private static final PostRenderer renderer = PostFixtures.renderer();

	private static final Set<String> URL_OR_CODE_ATTRIBUTES = Set.of("href", "src", "action", "formaction", "data",
			"srcdoc", "style", "http-equiv", "xlink:href", "background", "poster", "dynsrc", "lowsrc", "codebase");

	private static final Pattern EVENT_HANDLER = Pattern.compile("(?i)<[^>]*[\\s/\"']on[a-z]+\\s*=");

	static Stream<XssVectors.Vector> vectors() {
		return XssVectors.all().stream();
	}

	@Test
	void corpusHasAtLeastAHundredVectors() {
		assertThat(XssVectors.all()).hasSizeGreaterThanOrEqualTo(100);
	}

	@Test
	void checksWouldCatchUnsanitizedMarkup() {
		String raw = "<p title=\"javascript: is only text here\">javascript: too</p><img src=x onerror=alert(1)>"
				+ "<a href=\" JaVa&#x09;ScRiPt:alert(1)\">x</a>";

		assertThat(markupOnly(raw)).containsPattern(EVENT_HANDLER).doesNotContain("only text");
		assertThat(dangerousAttributes(Jsoup.parse(raw))).containsExactly("img@onerror=alert(1)",
				"a@href= JaVa\tScRiPt:alert(1)");
	}

	@ParameterizedTest
	@MethodSource("vectors")
	void vectorLeavesNoExecutableMarkup(XssVectors.Vector vector) {
		PostRendered rendered = PostFixtures.rendered(renderer, vector);
		Document page = Jsoup.parse(rendered.pageHtml());

		for (String html : List.of(page.selectFirst(".post-body").html(), rendered.excerptHtml(),
				rendered.pageHtml())) {
			String markup = markupOnly(html);
			assertThat(markup).as("markup of %s", vector)
				.doesNotContainIgnoringCase("<script")
				.doesNotContainIgnoringCase("javascript:")
				.doesNotContainIgnoringCase("vbscript:")
				.doesNotContainPattern(EVENT_HANDLER);
			assertThat(dangerousAttributes(Jsoup.parse(html))).as("attributes of %s", vector).isEmpty();
		}
		assertThat(page.select("script, iframe, frame, object, embed, base, form, meta[http-equiv], style, svg, math"))
			.as(vector.toString())
			.isEmpty();
	}

	/**
	 * The HTML without what a browser only shows: text nodes, and the values of attributes that are never run or
	 * followed (alt, title, meta content...). What is left is what a browser would interpret.
	 */
	private static String markupOnly(String html) {
		Document document = Jsoup.parse(html);
		for (Element element : document.getAllElements()) {
			element.textNodes().forEach(TextNode::remove);
			for (Attribute attribute : element.attributes()) {
				if (!isInterpreted(attribute.getKey().toLowerCase(Locale.ROOT))) {
					attribute.setValue("");
				}
			}
		}
		return document.html();
	}

	private static boolean isInterpreted(String attributeName) {
		return attributeName.startsWith("on") || URL_OR_CODE_ATTRIBUTES.contains(attributeName);
	}

	/** Attributes a browser would run: handlers, and URLs with a script or data scheme once decoded and trimmed. */
	private static List<String> dangerousAttributes(Document document) {
		List<String> found = new ArrayList<>();
		for (Element element : document.getAllElements()) {
			for (Attribute attribute : element.attributes()) {
				String name = attribute.getKey().toLowerCase(Locale.ROOT);
				String value = attribute.getValue().replaceAll("[\\x00-\\x20]", "").toLowerCase(Locale.ROOT);
				if (name.startsWith("on") || name.equals("style") || name.equals("srcdoc")
						|| (isInterpreted(name) && (value.startsWith("javascript:") || value.startsWith("vbscript:")
								|| value.startsWith("data:")))) {
					found.add(element.tagName() + "@" + name + "=" + attribute.getValue());
				}
			}
		}
		return found;
	}

}

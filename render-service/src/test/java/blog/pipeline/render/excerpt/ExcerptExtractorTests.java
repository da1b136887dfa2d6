package blog.pipeline.render.excerpt;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import blog.pipeline.render.markdown.HtmlSanitizer;
import blog.pipeline.render.markdown.MarkdownRenderer;
import org.commonmark.node.Node;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.TextNode;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Teasers: an explicit excerpt wins, then the text before {@code <!--more-->}, then the first paragraphs up to 55
 * words. The reference shapes come from {@code shared/reference/author-page-example.txt}.
 */
class ExcerptExtractorTests {

	private final HtmlSanitizer sanitizer = new HtmlSanitizer();

	private final ExcerptExtractor extractor = new ExcerptExtractor(new MarkdownRenderer(this.sanitizer),
			this.sanitizer);

	private static List<Element> paragraphsOf(Excerpt excerpt) {
		return Jsoup.parseBodyFragment(excerpt.html().html()).body().children();
	}

	private static String words(int count, String word) {
		return String.join(" ", Collections.nCopies(count, word));
	}

	@Nested
	class ExplicitExcerpt {

		@Test
		void isTakenAsPlainTextAndEscaped() {
			Excerpt excerpt = ExcerptExtractorTests.this.extractor.extract("Body text.",
					"Tips & <b>tricks</b> for \"you\" <script>alert(1)</script> *not emphasis*");

			assertThat(excerpt.text())
				.isEqualTo("Tips & <b>tricks</b> for \"you\" <script>alert(1)</script> *not emphasis*");
			assertThat(excerpt.html().html()).isEqualTo("<p>Tips &amp; &lt;b&gt;tricks&lt;/b&gt; for \"you\" "
					+ "&lt;script&gt;alert(1)&lt;/script&gt; *not emphasis*</p>");
		}

		@Test
		void winsOverTheMoreMarkerAndTheBody() {
			Excerpt excerpt = ExcerptExtractorTests.this.extractor.extract("Teaser\n\n<!--more-->\n\nRest",
					"The editor's own words.");

			assertThat(excerpt.text()).isEqualTo("The editor's own words.");
		}

		@Test
		void keepsItsParagraphsAndIsNotShortened() {
			String long1 = words(60, "long");
			Excerpt excerpt = ExcerptExtractorTests.this.extractor.extract("Body",
					"  Hello! Who are you?\r\n\r\n" + long1 + "\n  continued  ");

			assertThat(paragraphsOf(excerpt)).extracting(Element::text)
				.containsExactly("Hello! Who are you?", long1 + " continued");
			assertThat(excerpt.text()).isEqualTo("Hello! Who are you?\n\n" + long1 + " continued");
		}

		@Test
		void blankExplicitExcerptIsIgnored() {
			assertThat(ExcerptExtractorTests.this.extractor.extract("From the body.", "  \n ").text())
				.isEqualTo("From the body.");
		}

	}

	@Nested
	class MoreMarker {

		@Test
		void teaserIsTheRenderedMarkdownBeforeTheMarker() {
			Excerpt excerpt = ExcerptExtractorTests.this.extractor.extract("""
					Hello! Who are you?

					Hi! I am **Maria**, read [my story](https://example.org/maria).

					<!--more-->

					Back Market was my first internship.
					""", null);

			List<Element> paragraphs = paragraphsOf(excerpt);
			assertThat(paragraphs).extracting(Element::text)
				.containsExactly("Hello! Who are you?", "Hi! I am Maria, read my story.");
			assertThat(paragraphs.get(1).select("strong").text()).isEqualTo("Maria");
			assertThat(paragraphs.get(1).select("a").attr("rel")).isEqualTo("noopener noreferrer");
			assertThat(excerpt.text()).isEqualTo("Hello! Who are you?\n\nHi! I am Maria, read my story.");
			assertThat(excerpt.html().html()).doesNotContain("internship").doesNotContain("more");
		}

		@Test
		void markerInsideAParagraphCutsThatParagraph() {
			Excerpt excerpt = ExcerptExtractorTests.this.extractor
				.extract("First paragraph.\n\nSecond *part* <!-- more --> hidden text\n\nThird.", null);

			assertThat(paragraphsOf(excerpt)).extracting(Element::text)
				.containsExactly("First paragraph.", "Second part");
			assertThat(excerpt.html().html()).doesNotContain("hidden").doesNotContain("Third");
		}

		@Test
		void teaserIsSanitized() {
			Excerpt excerpt = ExcerptExtractorTests.this.extractor.extract("""
					<script>alert('x')</script>

					Safe <img src="x" onerror="alert(1)"> teaser [click](javascript:alert(2))

					<!--more-->
					Rest
					""", null);

			assertThat(excerpt.html().html()).doesNotContain("script", "alert", "onerror", "javascript");
			assertThat(excerpt.text()).isEqualTo("Safe teaser click");
		}

		@Test
		void markerInCodeIsContentNotAMarker() {
			Excerpt excerpt = ExcerptExtractorTests.this.extractor.extract("""
					Use the marker like this:

					```
					<!--more-->
					```
					""", null);

			assertThat(excerpt.text()).isEqualTo("Use the marker like this:\n\n<!--more-->");
			assertThat(paragraphsOf(excerpt).get(1).html()).isEqualTo("<code>&lt;!--more--&gt;\n</code>");
		}

		@Test
		void emptyTeaserFallsBackToTheFirstParagraphs() {
			Excerpt excerpt = ExcerptExtractorTests.this.extractor.extract("<!--more-->\n\nEverything is here.", null);

			assertThat(excerpt.text()).isEqualTo("Everything is here.");
		}

	}

	@Nested
	class FirstParagraphs {

		@Test
		void shortPostIsItsBlocksWithoutEllipsis() {
			Excerpt excerpt = ExcerptExtractorTests.this.extractor.extract("""
					Hello! Who are you?

					Hi! I am Maria.
					""", null);

			assertThat(paragraphsOf(excerpt)).extracting(Element::text)
				.containsExactly("Hello! Who are you?", "Hi! I am Maria.");
			assertThat(excerpt.text()).isEqualTo("Hello! Who are you?\n\nHi! I am Maria.").doesNotContain("…");
		}

		@Test
		void headingsListsAndCodeAreKeptAndCountTowardsTheLimit() {
			Excerpt excerpt = ExcerptExtractorTests.this.extractor.extract("""
					## Three heading words

					- ten words in this list item one two three four
					- five more words are here

					```
					code words count too: five six seven eight
					```

					%s

					Never reached.
					""".formatted(words(40, "para")), null);

			List<Element> blocks = paragraphsOf(excerpt);
			assertThat(blocks).extracting(Element::tagName).containsExactly("p", "ul", "pre", "p");
			assertThat(blocks.get(0).html()).isEqualTo("<strong>Three heading words</strong>");
			assertThat(blocks.get(1).select("li")).hasSize(2);
			assertThat(blocks.get(2).text()).isEqualTo("code words count too: five six seven eight");
			// 3 + 15 + 8 = 26 words before the paragraph, so 29 of its 40 words fit
			assertThat(blocks.get(3).text()).isEqualTo(words(28, "para") + " para…");
			assertThat(Words.count(excerpt.text())).isEqualTo(55);
			assertThat(excerpt.text()).doesNotContain("Never");
		}

		@Test
		void longListIsCutInsideAnItemAndLaterItemsAreDropped() {
			String items = String.join("\n", Collections.nCopies(8, "- one two three four five six seven eight"));

			Excerpt excerpt = ExcerptExtractorTests.this.extractor.extract(items + "\n\nAfter the list.", null);

			Element list = paragraphsOf(excerpt).get(0);
			assertThat(paragraphsOf(excerpt)).hasSize(1);
			assertThat(list.select("li")).hasSize(7);
			assertThat(list.select("li").last().text()).isEqualTo("one two three four five six seven…");
			assertThat(Words.count(excerpt.text())).isEqualTo(55);
		}

		@Test
		void longCodeBlockIsCutBetweenWordsAndStaysCode() {
			Excerpt excerpt = ExcerptExtractorTests.this.extractor
				.extract("    " + words(30, "x=1;") + "\n    " + words(30, "y=2;") + "\n", null);

			Element pre = paragraphsOf(excerpt).get(0);
			assertThat(pre.tagName()).isEqualTo("pre");
			assertThat(pre.selectFirst("code")).isNotNull();
			assertThat(Words.count(excerpt.text())).isEqualTo(55);
			assertThat(excerpt.text()).endsWith("y=2…").doesNotContain("y=2; y=2;…");
		}

		@Test
		void teaserHeadingsBecomeBoldParagraphsWithoutIds() {
			Excerpt excerpt = ExcerptExtractorTests.this.extractor.extract("# Title\n\nText.", null);

			assertThat(excerpt.html().html()).isEqualTo("<p><strong>Title</strong></p><p>Text.</p>");
		}

		@Test
		void longParagraphIsCutAfter55WholeWordsWithAnEllipsis() {
			String paragraph = "When it comes to being eco-friendly, smartphones aren’t exactly star performers… "
					+ "not by a long shot! But instead of focusing solely on the negatives, it is important to "
					+ "recognize the efforts that manufacturers are making to limit the planetary disaster they’ve "
					+ "dragged us into and learn about initiatives gradually being implemented to reduce the "
					+ "pollution we generate with our precious phones.";
			Excerpt excerpt = ExcerptExtractorTests.this.extractor.extract(paragraph, null);

			assertThat(excerpt.text()).endsWith("…");
			assertThat(Words.count(excerpt.text())).isEqualTo(55);
			List<String> original = Arrays.asList(paragraph.split(" "));
			List<String> kept = Arrays.asList(excerpt.text().split(" "));
			assertThat(kept.subList(0, 54)).isEqualTo(original.subList(0, 54));
			assertThat(kept.get(54)).isEqualTo(original.get(54) + "…");
			assertThat(paragraphsOf(excerpt)).hasSize(1);
			assertThat(paragraphsOf(excerpt).get(0).text()).isEqualTo(excerpt.text());
		}

		@Test
		void exactly55WordsAreKeptWhole() {
			String paragraph = words(54, "word") + " end!";

			Excerpt excerpt = ExcerptExtractorTests.this.extractor.extract(paragraph + "\n\nNext paragraph.", null);

			assertThat(excerpt.text()).isEqualTo(paragraph);
		}

		@Test
		void severalParagraphsShareThe55Words() {
			Excerpt excerpt = ExcerptExtractorTests.this.extractor.extract("""
					Hello! Can you tell us a little about yourself?

					Sure! My name is Cyriac.

					I’m originally from Lille in France. In 2018, I graduated from ITEEM, which is part of Centrale Lille and the SKEMA Business School. I started at Back Market right after school, 2 years ago, to do my end-of-studies internship. At the time, the company had around 80 employees.
					""", null);

			List<Element> paragraphs = paragraphsOf(excerpt);
			assertThat(paragraphs).extracting(Element::text)
				.containsExactly("Hello! Can you tell us a little about yourself?", "Sure! My name is Cyriac.",
						"I’m originally from Lille in France. In 2018, I graduated from ITEEM, which is part of "
								+ "Centrale Lille and the SKEMA Business School. I started at Back Market right "
								+ "after school, 2 years ago, to do my end-of-studies internship. At the…");
			assertThat(Words.count(excerpt.text())).isEqualTo(55);
		}

		@Test
		void severalWholeParagraphsUnderTheLimitKeepTheirShape() {
			String markdown = """
					Hello! Who are you?

					Hi! I am Maria, I was born in Niger and raised in Paris. I studied law in university Paris 12 and majored in intellectual property and IT law at HEAD law school.

					Back Market was my first internship and since everything worked out well, so I have stayed!
					""";

			Excerpt excerpt = ExcerptExtractorTests.this.extractor.extract(markdown, null);

			assertThat(paragraphsOf(excerpt)).hasSize(3);
			assertThat(excerpt.text()).isEqualTo(markdown.strip()).doesNotContain("…");
		}

		@Test
		void questionsAndExclamationsSurviveAndTrailingCommaGoesBeforeTheEllipsis() {
			String question = "So, when you want to choose a responsible smartphone, which brand should you turn to?";
			Excerpt whole = ExcerptExtractorTests.this.extractor.extract(question, null);
			assertThat(whole.text()).isEqualTo(question);

			Excerpt cutAtComma = ExcerptExtractorTests.this.extractor.extract(words(54, "x") + " wait, there is more",
					null);
			assertThat(cutAtComma.text()).endsWith("x wait…");

			Excerpt cutAfterExclamation = ExcerptExtractorTests.this.extractor
				.extract(words(54, "x") + " Now! Something new", null);
			assertThat(cutAfterExclamation.text()).endsWith("x Now!…");
		}

		@Test
		void cutNeverSplitsATagOrAnEntity() {
			Excerpt excerpt = ExcerptExtractorTests.this.extractor
				.extract(words(53, "word") + " Tom & *Jerry run* **far away**", null);

			assertThat(excerpt.html().html()).endsWith(" Tom &amp;…</p>")
				.doesNotContain("<em>")
				.doesNotContain("<strong>");
			assertThat(excerpt.text()).endsWith("Tom &…");
		}

		@Test
		void cutInsideEmphasisKeepsTheMarkupBalanced() {
			Excerpt excerpt = ExcerptExtractorTests.this.extractor
				.extract(words(50, "word") + " **one two three four five six seven** after", null);

			Element strong = paragraphsOf(excerpt).get(0).selectFirst("strong");
			assertThat(strong).isNotNull();
			assertThat(strong.text()).isEqualTo("one two three four five…");
			assertThat(excerpt.html().html()).endsWith("<strong>one two three four five…</strong></p>");
		}

		@Test
		void entitiesAndTypographyAreKept() {
			Excerpt excerpt = ExcerptExtractorTests.this.extractor
				.extract("AT&T’s “best” phones cost < 100% (78.8% for Google’s Android) — really?", null);

			assertThat(excerpt.text())
				.isEqualTo("AT&T’s “best” phones cost < 100% (78.8% for Google’s Android) — really?");
			assertThat(excerpt.html().html()).contains("AT&amp;T’s “best”").contains("&lt; 100%");
		}

		@Test
		void linksBecomeTextAndImagesAreDropped() {
			Excerpt excerpt = ExcerptExtractorTests.this.extractor.extract(
					"![cover](https://example.org/c.png)\n\nRead [the guide](https://example.org/guide) now.", null);

			assertThat(excerpt.html().html()).isEqualTo("<p>Read the guide now.</p>");
		}

		@Test
		void postWithoutParagraphsUsesItsOtherBlocks() {
			Excerpt excerpt = ExcerptExtractorTests.this.extractor
				.extract("## Only a heading\n\n- [x] and\n- a list\n\n---\n\n| a |\n|---|\n| table |", null);

			assertThat(excerpt.text()).isEqualTo("Only a heading\n\nand a list");
			assertThat(excerpt.html().html()).doesNotContain("input", "table", "hr");
		}

		@Test
		void emptyPostHasNoExcerpt() {
			assertThat(ExcerptExtractorTests.this.extractor.extract("", null)).isEqualTo(Excerpt.NONE);
		}

	}

	@Nested
	class ChineseAndJapanese {

		private static final String CHINESE = "我们的手机在被丢弃之前平均只使用两年半。翻新手机可以延长设备的寿命，减少电子垃圾，"
				+ "同时为消费者节省开支。这就是我们每天努力工作的原因，也是我们希望与大家分享的故事。";

		@Test
		void eachIdeographOrKanaCountsAsAWord() {
			assertThat(Words.count("你好世界")).isEqualTo(4);
			assertThat(Words.count("こんにちは、世界。")).isEqualTo(7);
			assertThat(Words.count("カタカナ")).isEqualTo(4);
			assertThat(Words.count("我用iPhone 15拍照")).isEqualTo(6);
			assertThat(Words.count("「你好」，他说。")).isEqualTo(4);
			assertThat(Words.count("안녕하세요 세계")).as("Korean separates words with spaces").isEqualTo(2);
		}

		@Test
		void longChineseParagraphIsCutAfter55Characters() {
			assertThat(Words.count(CHINESE)).isGreaterThan(55);

			Excerpt excerpt = ExcerptExtractorTests.this.extractor.extract(CHINESE, null);

			String kept = excerpt.text().substring(0, excerpt.text().length() - 1);
			assertThat(excerpt.text()).endsWith("…");
			assertThat(CHINESE).startsWith(kept);
			assertThat(Words.count(excerpt.text())).isEqualTo(55);
			assertThat(kept).as("punctuation before the cut is not kept before the ellipsis").doesNotEndWith("，");
			assertThat(paragraphsOf(excerpt).get(0).text()).isEqualTo(excerpt.text());
		}

		@Test
		void shortJapaneseParagraphIsKeptWhole() {
			String japanese = "こんにちは！私はマリアです。パリで育ちました。";

			Excerpt excerpt = ExcerptExtractorTests.this.extractor.extract(japanese, null);

			assertThat(excerpt.text()).isEqualTo(japanese);
		}

		@Test
		void mixedTextCountsLatinWordsAndIdeographs() {
			String mixed = words(50, "word") + " 我们的手机在被丢弃之前";

			Excerpt excerpt = ExcerptExtractorTests.this.extractor.extract(mixed, null);

			assertThat(excerpt.text()).isEqualTo(words(50, "word") + " 我们的手机…");
		}

	}

	/** The teasers of {@code shared/reference/author-page-example.txt}, each produced the way an editor would. */
	@Nested
	class ReferenceShapes {

		@Test
		void oneParagraphTeaserWithAnExclamationInsideIsKeptWhole() {
			String pela = "It’s no secret that Back Market has always sold smartphone cases, helping you give your "
					+ "devices the best possible protection so they can last as long as possible. Now for something new! "
					+ "We’re excited to announce that we’ve partnered with Pela Case to offer their 100% compostable "
					+ "cases, made with flax straw.";

			Excerpt excerpt = ExcerptExtractorTests.this.extractor
				.extract(pela + "\n\n<!--more-->\n\nThe cases are made in Canada.", null);

			assertThat(Words.count(pela)).isEqualTo(52);
			assertThat(excerpt.text()).isEqualTo(pela);
			assertThat(paragraphsOf(excerpt)).hasSize(1);
		}

		@Test
		void severalParagraphsWithAQuestionBeforeTheMoreMarker() {
			String teaser = """
					These days, smartphones are our most prized possessions! They are always within easy reach, and we turn them on more than a hundred times per day without ever really considering that they deliberately steal our personal data and unabashedly limit our choices because of the operating systems they deploy.

					In France, the market research firm Kantar Worldpanel found that in the first quarter of 2020, Google and Apple possessed more than 99% of the OS market share (78.8% for Google’s Android, 21.1% for Apple’s iOS).

					However, today’s consumers are becoming more and more wary of the big names in technology. Whether it be a lack of ethics when it comes to privacy or security issues associated with applications, alternative, open-source operating systems and applications are now being sought to regain control of personal data and extend the lifespan of devices.

					Back Market put these alternatives to the test.""";

			Excerpt excerpt = ExcerptExtractorTests.this.extractor
				.extract(teaser + "\n\n<!--more-->\n\n## /e/OS\n\nThe first one.", null);

			assertThat(paragraphsOf(excerpt)).hasSize(4);
			assertThat(excerpt.text()).isEqualTo(teaser).doesNotContain("…");
		}

		@Test
		void explicitTeaserEndingWithAQuestionKeepsBothParagraphs() {
			String explicit = "New technologies are part of our daily lives and their impact on our lives will continue "
					+ "to increase. Unfortunately, as you must already know from reading our articles, the digital "
					+ "sector generates a lot of pollution. \n\nSo, when you want to choose a responsible smartphone, "
					+ "which brand should you turn to?";

			Excerpt excerpt = ExcerptExtractorTests.this.extractor.extract("Body.", explicit);

			assertThat(paragraphsOf(excerpt)).extracting(Element::text)
				.containsExactly("New technologies are part of our daily lives and their impact on our lives will "
						+ "continue to increase. Unfortunately, as you must already know from reading our articles, "
						+ "the digital sector generates a lot of pollution.",
						"So, when you want to choose a responsible smartphone, which brand should you turn to?");
			assertThat(excerpt.text()).endsWith("turn to?");
		}

	}

	/**
	 * Posts without raw HTML get their teaser from the Markdown tree, without an HTML parse; it must be the teaser the
	 * HTML way (render, cut on the HTML tree, sanitize) makes of the same post.
	 */
	@Nested
	class OnTheMarkdownTree {

		private final MarkdownRenderer markdown = new MarkdownRenderer(ExcerptExtractorTests.this.sanitizer);

		static List<String> posts() {
			String para = words(40, "para");
			return List.of("Hello! Who are you?\n\nHi! I am **Maria**, read [my story](https://example.org/maria).",
					"## Three heading words\n\n- ten words in this list item one two three four\n- five more words\n\n"
							+ "```\ncode words count too: five six seven eight\n```\n\n" + para + "\n\nNever reached.",
					String.join("\n", Collections.nCopies(8, "- one two three four five six seven eight")) + "\n\nAfter.",
					"    " + words(30, "x=1;") + "\n    " + words(30, "y=2;") + "\n",
					"# Title\n\nText with ![an image](https://img.example.org/a.png) and `code <b>`.",
					words(54, "x") + " wait, there is more", words(54, "x") + " Now! Something new",
					words(50, "word") + " 我们的手机在被丢弃之前", "こんにちは！私はマリアです。パリで育ちました。",
					"## Only a heading\n\n- [x] and\n- a list\n\n---\n\n| a |\n|---|\n| table |",
					words(53, "w") + " *emphasis __strong__ ends* here and more words", words(53, "w") + " `one two` three",
					words(54, "w") + " [link text](https://example.org) rest",
					words(52, "w") + " soft\nline break\nwords", words(53, "w") + " hard  \nbreak words after",
					"> quoted " + words(30, "q") + "\n>\n> - nested " + words(30, "n"), "1. one\n2. two\n\n   loose "
							+ words(60, "l"),
					"Tips & <tricks> \"quoted\" 5 > 4 &amp; &copy; and a\u00a0no-break space " + words(60, "z"),
					"~~struck " + words(60, "s") + "~~", "[![badge](https://img.example.org/b.png)](https://x.org)\n\nText.",
					"First paragraph.\n\nSecond *part* <!-- more --> hidden text\n\nThird.",
					"Hello! Who are you?\n\nHi! I am **Maria**.\n\n<!--more-->\n\nBack Market.",
					"Use the marker like this:\n\n```\n<!--more-->\n```\n", "<!--more-->\n\nEverything is here.",
					"## Head\n\n- [ ] task ![i](https://i.example.org/i.png)\n\n| t |\n|---|\n| c |\n\n<!--more-->\n\nRest",
					"[bad](javascript:alert(1)) link and ![bad](data:image/png;base64,AA==) image " + words(60, "b"),
					"", "---\n\n| only | table |\n|---|---|\n| 1 | 2 |");
		}

		@ParameterizedTest
		@MethodSource("posts")
		void givesTheSameTeaserAsTheHtmlWay(String post) {
			Excerpt onTree = teaser(post, true);
			Excerpt throughHtml = teaser(post, false);

			assertThat(onTree.text()).isEqualTo(throughHtml.text());
			assertThat(normalized(onTree.html().html())).isEqualTo(normalized(throughHtml.html().html()));
		}

		@Test
		void rawHtmlInTheFirstBlocksTakesTheHtmlWay() {
			Excerpt excerpt = ExcerptExtractorTests.this.extractor
				.extract("Safe <b>bold</b> <img src=x onerror=alert(1)> text.\n\nMore.", null);

			assertThat(excerpt.html().html()).isEqualTo("<p>Safe <b>bold</b>  text.</p><p>More.</p>");
			assertThat(excerpt.text()).isEqualTo("Safe bold text.\n\nMore.");
		}

		/** As the renderer does it: the body is rendered from the tree first, then the teaser is made from it. */
		private Excerpt teaser(String post, boolean onTree) {
			Node document = this.markdown.parse(post);
			this.markdown.render(document);
			return ExcerptExtractorTests.this.extractor.extract(document, post, onTree);
		}

		/** The HTML as a browser's tree, without whitespace that only separates or ends elements. */
		private static String normalized(String html) {
			Element body = Jsoup.parseBodyFragment(html).body();
			for (Element element : body.getAllElements()) {
				if (element.nameIs("pre") || element.parents().stream().anyMatch((parent) -> parent.nameIs("pre"))) {
					continue;
				}
				for (TextNode text : element.textNodes()) {
					if (text.isBlank()) {
						text.remove();
					}
					else {
						text.text(text.getWholeText().replaceAll("\\s+", " "));
						if (text.previousSibling() == null || text.previousSibling() instanceof Element previous
								&& previous.isBlock()) {
							text.text(text.getWholeText().stripLeading());
						}
						if (text.nextSibling() == null) {
							text.text(text.getWholeText().stripTrailing());
						}
					}
				}
			}
			return body.html();
		}

	}

}

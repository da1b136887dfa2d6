package blog.pipeline.render.excerpt;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import blog.pipeline.render.markdown.HtmlSanitizer;
import blog.pipeline.render.markdown.MarkdownRenderer;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

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

			assertThat(excerpt.text()).isEqualTo("Use the marker like this:");
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
		void shortPostIsItsParagraphsWithoutEllipsis() {
			Excerpt excerpt = ExcerptExtractorTests.this.extractor.extract("""
					## A heading is not a teaser

					Hello! Who are you?

					- nor
					- a list

					Hi! I am Maria.
					""", null);

			assertThat(paragraphsOf(excerpt)).extracting(Element::text)
				.containsExactly("Hello! Who are you?", "Hi! I am Maria.");
			assertThat(excerpt.text()).isEqualTo("Hello! Who are you?\n\nHi! I am Maria.").doesNotContain("…");
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
		void postWithoutParagraphsUsesItsText() {
			Excerpt excerpt = ExcerptExtractorTests.this.extractor.extract("## Only a heading\n\n- and\n- a list",
					null);

			assertThat(excerpt.text()).isEqualTo("Only a heading and a list");
		}

		@Test
		void emptyPostHasNoExcerpt() {
			assertThat(ExcerptExtractorTests.this.extractor.extract("", null)).isEqualTo(Excerpt.NONE);
		}

	}

}

package blog.pipeline.render.excerpt;

import blog.pipeline.render.markdown.HtmlSanitizer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading time is words / 200 rounded up, never below one minute, counting text but not markup. */
class ReadingTimeTests {

	@Test
	void roundsUpToWholeMinutes() {
		assertThat(ReadingTime.minutesFor(1)).isEqualTo(1);
		assertThat(ReadingTime.minutesFor(200)).isEqualTo(1);
		assertThat(ReadingTime.minutesFor(201)).isEqualTo(2);
		assertThat(ReadingTime.minutesFor(400)).isEqualTo(2);
		assertThat(ReadingTime.minutesFor(1001)).isEqualTo(6);
	}

	@Test
	void isAtLeastOneMinute() {
		assertThat(ReadingTime.minutesFor(0)).isEqualTo(1);
		assertThat(ReadingTime.minutes(new HtmlSanitizer().sanitize(""))).isEqualTo(1);
	}

	@Test
	void countsTheTextOfTheBodyNotItsMarkup() {
		String words = "word ".repeat(150);
		String html = "<p>" + words + "</p><p><a href=\"https://example.org/a/long/url\">" + words
				+ "</a></p><img src=\"https://example.org/i.png\" alt=\"many words in an alt text\">";

		assertThat(ReadingTime.minutes(new HtmlSanitizer().sanitize(html))).isEqualTo(2);
		assertThat(ReadingTime.minutes(new HtmlSanitizer().sanitize("<p>" + "word ".repeat(401) + "</p>")))
			.isEqualTo(3);
	}

	@Test
	void wordsAreRunsBetweenWhitespace() {
		assertThat(Words.count("  Hello!  Who are\nyou?\t")).isEqualTo(4);
		assertThat(Words.count("100\u00a0km")).isEqualTo(1);
		assertThat(Words.count("")).isZero();
	}

}

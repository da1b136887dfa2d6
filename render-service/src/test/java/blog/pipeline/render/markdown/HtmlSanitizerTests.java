package blog.pipeline.render.markdown;

import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The sanitizer's allow-list on its own, including URL tricks browsers would still follow. */
class HtmlSanitizerTests {

	private final HtmlSanitizer sanitizer = new HtmlSanitizer();

	@Test
	void keepsAllowedMarkupUnchanged() {
		String html = "<p>A <em>b</em> <strong>c</strong> <del>d</del> <code>e</code></p><hr><h3>f</h3>";

		assertThat(this.sanitizer.sanitize(html).html()).isEqualTo(html);
	}

	@Test
	void dropsSvgAndMathTricks() {
		String html = this.sanitizer
			.sanitize("<svg><script>alert(1)</script></svg><math><mtext><img src=x onerror=alert(2)></mtext></math>ok")
			.html();

		assertThat(html).doesNotContain("svg", "script", "alert", "onerror", "math").endsWith("ok");
	}

	@Test
	void dropsCommentsAndConditionalComments() {
		assertThat(this.sanitizer.sanitize("<!--[if IE]><script>x()</script><![endif]--><p>t</p>").html())
			.isEqualTo("<p>t</p>");
	}

	@Test
	void blankInputIsEmpty() {
		assertThat(this.sanitizer.sanitize("  \n").isEmpty()).isTrue();
	}

	@Test
	void schemeCheckReadsUrlsLikeABrowser() {
		Set<String> schemes = Set.of("http", "https", "mailto");

		assertThat(HtmlSanitizer.hasAllowedScheme("https://example.org", schemes)).isTrue();
		assertThat(HtmlSanitizer.hasAllowedScheme("relative/path:with-colon", schemes)).isTrue();
		assertThat(HtmlSanitizer.hasAllowedScheme("?q=a:b", schemes)).isTrue();
		assertThat(HtmlSanitizer.hasAllowedScheme("java\tscript:alert(1)", schemes)).isFalse();
		assertThat(HtmlSanitizer.hasAllowedScheme("\u0001javascript:alert(1)", schemes)).isFalse();
		assertThat(HtmlSanitizer.hasAllowedScheme(" data:text/html,x", schemes)).isFalse();
		assertThat(HtmlSanitizer.hasAllowedScheme("", schemes)).isFalse();
	}

}

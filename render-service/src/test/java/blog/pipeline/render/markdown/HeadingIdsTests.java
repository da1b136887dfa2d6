package blog.pipeline.render.markdown;

import java.util.List;
import java.util.Random;

import org.commonmark.ext.heading.anchor.HeadingAnchorExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Heading ids come out exactly as commonmark-java's heading-anchor extension makes them. */
class HeadingIdsTests {

	/** ASCII words, punctuation, accents, CJK, combining marks, a connector, digits of other scripts, code, emphasis. */
	private static final String[] PIECES = { "Hello", "world", " ", "  ", "-", "_", "!", "?", "'", "&", ".", "é", "É",
			"ß", "İ", "好", "字", "e\u0301", "\u203F", "٣", "Ⅻ", "`code here`", "*em*", "**strong**", "[link](/x)", "1",
			"\u00A0", "\u200D", "x²" };

	private final Parser parser = Parser.builder().build();

	private final HtmlRenderer withExtension = HtmlRenderer.builder()
		.extensions(List.of(HeadingAnchorExtension.create()))
		.build();

	private final HtmlRenderer withHeadingIds = HtmlRenderer.builder()
		.attributeProviderFactory((context) -> new HeadingIds())
		.build();

	@Test
	void documentsGetTheExtensionsIds() {
		Random random = new Random(9);
		for (int run = 0; run < 600; run++) {
			StringBuilder markdown = new StringBuilder();
			int headings = 1 + random.nextInt(6);
			for (int heading = 0; heading < headings; heading++) {
				// repeated headings get numbered
				String text = (heading > 0 && random.nextInt(4) == 0) ? "Hello world" : randomText(random);
				markdown.append("#".repeat(1 + random.nextInt(6))).append(' ').append(text).append("\n\ntext\n\n");
			}
			String source = markdown.toString();

			assertThat(this.withHeadingIds.render(this.parser.parse(source))).as("'%s'", source)
				.isEqualTo(this.withExtension.render(this.parser.parse(source)));
		}
	}

	@Test
	void wordCharactersAreThoseOfThePatternsClassForEveryCodePoint() {
		java.util.regex.Pattern word = java.util.regex.Pattern.compile("\\w",
				java.util.regex.Pattern.UNICODE_CHARACTER_CLASS);
		for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
			boolean expected = word.matcher(new String(Character.toChars(codePoint))).matches();

			if (HeadingIds.isWordCharacter(codePoint) != expected) {
				assertThat(HeadingIds.isWordCharacter(codePoint)).as("U+%04X", codePoint).isEqualTo(expected);
			}
		}
	}

	@Test
	void idsAreLowerCaseWithDashesAndNumberedWhenRepeated() {
		HeadingIds ids = new HeadingIds();

		assertThat(ids.next("hello, world!")).isEqualTo("hello-world");
		assertThat(ids.next("hello, world!")).isEqualTo("hello-world-1");
		assertThat(ids.next("café au lait")).isEqualTo("café-au-lait");
		assertThat(ids.next("?!")).isEqualTo("id");
	}

	private static String randomText(Random random) {
		StringBuilder text = new StringBuilder();
		int length = random.nextInt(8);
		for (int i = 0; i < length; i++) {
			text.append(PIECES[random.nextInt(PIECES.length)]);
		}
		return text.toString();
	}

}

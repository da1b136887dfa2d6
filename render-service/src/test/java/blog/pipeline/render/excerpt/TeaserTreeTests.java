package blog.pipeline.render.excerpt;

import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The teaser's trimming of separators at a cut, without a regex, removes what the pattern it replaces removed. */
class TeaserTreeTests {

	/** The pattern the loop replaces, as it stood. */
	private static final Pattern TRAILING_SEPARATORS = Pattern.compile("[\\s,;:.\\-–—…、，；：。・]+$");

	/** Separators, other punctuation, letters, CJK, the line terminators {@code $} knows, no-break space, a surrogate pair. */
	private static final String[] PIECES = { "a", "é", "好", " ", "\t", "\n", "\r", "\r\n", "\u000B", "\f", ",", ";",
			":", ".", "-", "–", "—", "…", "、", "，", "；", "：", "。", "・", "!", "?", "\u00A0", "\u0085", "\u2028",
			"\u2029", "\uD83D\uDE00", "_" };

	@Test
	void removesWhatThePatternRemoved() {
		Random random = new Random(5);
		for (int run = 0; run < 20_000; run++) {
			StringBuilder text = new StringBuilder();
			int length = random.nextInt(12);
			for (int i = 0; i < length; i++) {
				text.append(PIECES[random.nextInt(PIECES.length)]);
			}
			String sample = text.toString();

			assertThat(TeaserTree.withoutTrailingSeparators(sample)).as("'%s'", sample)
				.isEqualTo(TRAILING_SEPARATORS.matcher(sample).replaceAll(""));
		}
	}

	@Test
	void keepsTheTextUpToTheLastWordOrOtherPunctuation() {
		assertThat(TeaserTree.withoutTrailingSeparators("one, two; — ")).isEqualTo("one, two");
		assertThat(TeaserTree.withoutTrailingSeparators("好。、")).isEqualTo("好");
		assertThat(TeaserTree.withoutTrailingSeparators("why?! ")).isEqualTo("why?!");
		assertThat(TeaserTree.withoutTrailingSeparators("end,\u2028")).isEqualTo("end\u2028");
		assertThat(TeaserTree.withoutTrailingSeparators("…")).isEmpty();
	}

}

package blog.pipeline.render.markdown;

import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link WordCounter#feed}, which decides ASCII inline from tables, counts exactly as {@link WordCounter#startsWord}
 * fed one code point at a time (the slow path, which also finds where words start).
 */
class WordCounterTests {

	/** ASCII of every kind, Latin with accents, CJK, kana, Hangul, CJK punctuation, no-break space, emoji, a lone surrogate. */
	private static final String[] PIECES = { "a", "Z", "7", " ", "\t", "\n", "\u000B", "\u001C", ",", ".", "!", "-",
			"'", "é", "ß", "\u00A0", "\u2003", "好", "字", "の", "カ", "한", "。", "「", "」", "，", "（", "Ａ", "\uD83D\uDE00",
			"\uD840\uDC0B", "\uD83D", "\u200B", "ー" };

	@Test
	void feedCountsLikeStartsWordCodePointByCodePoint() {
		Random random = new Random(7);
		for (int run = 0; run < 20_000; run++) {
			StringBuilder text = new StringBuilder();
			int length = random.nextInt(40);
			for (int i = 0; i < length; i++) {
				text.append(PIECES[random.nextInt(PIECES.length)]);
			}
			String sample = text.toString();
			WordCounter slow = new WordCounter();
			sample.codePoints().forEach(slow::startsWord);
			// fed in two parts, as the tree walk feeds a paragraph's text nodes one after the other
			int split = random.nextInt(sample.length() + 1);
			WordCounter fast = new WordCounter();
			fast.feed(sample.substring(0, split));
			fast.feed(sample.substring(split));
			WordCounter slowSplit = new WordCounter();
			sample.substring(0, split).codePoints().forEach(slowSplit::startsWord);
			sample.substring(split).codePoints().forEach(slowSplit::startsWord);

			assertThat(WordCounter.count(sample)).as("words of '%s'", sample).isEqualTo(slow.words());
			assertThat(fast.words()).as("words of '%s' split at %d", sample, split).isEqualTo(slowSplit.words());
		}
	}

	@Test
	void countsLatinWordsAndEachIdeograph() {
		assertThat(WordCounter.count("Hello, world!  Two\u00A0joined")).isEqualTo(3);
		assertThat(WordCounter.count("我喜欢猫。 cats")).isEqualTo(5);
		assertThat(WordCounter.count("「好」 a")).isEqualTo(2);
	}

}

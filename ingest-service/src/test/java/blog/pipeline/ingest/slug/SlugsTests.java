package blog.pipeline.ingest.slug;

import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class SlugsTests {

	private static final String POST_ID = "3f2a9c1e-7b4d-4e2a-9f1c-0a1b2c3d4e5f";

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
			Téléphone responsable et écologique | telephone-responsable-et-ecologique
			Straße                              | strasse
			Pela Case arrives on Back Market!   | pela-case-arrives-on-back-market
			../../etc/passwd                    | etc-passwd
			Ærøskøbing and Œuvres               | aeroskobing-and-oeuvres
			Łódź, Đakovo, Þórshöfn, Ða Nẵng     | lodz-dakovo-thorshofn-da-nang
			STRASSE ẞ ÆØ                        | strasse-ss-aeo
			C'est l'été — 2025 édition          | c-est-l-ete-2025-edition
			"  --Already--dashed--  "           | already-dashed
			Ça va? Ñandú über alles             | ca-va-nandu-uber-alles
			""")
	void derivesAsciiSlugFromTitle(String title, String slug) {
		assertThat(Slugs.fromTitle(title, POST_ID)).isEqualTo(slug).matches(Slugs.PATTERN);
	}

	@ParameterizedTest
	@CsvSource(quoteCharacter = '"', value = { "日本語のタイトル", "🎉🎉🎉", "\"   \"", "!!!" })
	void fallsBackToPostIdWhenNothingOfTheTitleSurvives(String title) {
		assertThat(Slugs.fromTitle(title, POST_ID)).isEqualTo("post-3f2a9c1e");
	}

	@Test
	void cutsLongTitlesAtADashBoundary() {
		String title = "word ".repeat(30) + "end";
		String slug = Slugs.fromTitle(title, POST_ID);
		assertThat(slug).hasSizeLessThanOrEqualTo(Slugs.MAX_LENGTH).matches(Slugs.PATTERN).startsWith("word-word");
		// 20 five-character groups "word-" make 100 characters; the last whole word ends at 99.
		assertThat(slug).hasSize(99).endsWith("-word");
	}

	@Test
	void keepsACutThatFallsExactlyOnAWordEnd() {
		String title = "a".repeat(100) + " tail";
		assertThat(Slugs.fromTitle(title, POST_ID)).isEqualTo("a".repeat(100));
	}

	@Test
	void cutsASingleOverlongWordAtTheLimit() {
		String slug = Slugs.fromTitle("x".repeat(150), POST_ID);
		assertThat(slug).isEqualTo("x".repeat(Slugs.MAX_LENGTH));
	}

	@Test
	void neverEndsWithADashAfterCutting() {
		String title = "b".repeat(99) + " c" + "d".repeat(20);
		assertThat(Slugs.fromTitle(title, POST_ID)).isEqualTo("b".repeat(99));
	}

	@Test
	void derivesASafeSlugFromAnyTitle() {
		String[] pieces = { "../", "..\\", "%2e", "/", "\\", ":", ".", "\u0000", "\uFF0F", "\u2024", "\u2215", "\u0430",
				"\u202E", "\u200B", "\uFF41", "é", "ß", "日", "🎉", "a", "Z", "9", "-", " ", "\t", "İ", "ﬁ", "Ⅻ",
				"①" };
		Random random = new Random(42);
		for (int i = 0; i < 20_000; i++) {
			StringBuilder title = new StringBuilder();
			int length = random.nextInt(60);
			for (int j = 0; j < length; j++) {
				title.append(pieces[random.nextInt(pieces.length)]);
			}
			String slug = Slugs.fromTitle(title.toString(), POST_ID);
			assertThat(slug).as("slug of %s", title).matches(Slugs.PATTERN).hasSizeLessThanOrEqualTo(Slugs.MAX_LENGTH);
		}
	}

	@Test
	void checksTheSlugShapeLikeThePatternInLinearTime() {
		Pattern pattern = Pattern.compile(Slugs.PATTERN);
		char[] alphabet = { 'a', 'z', '0', '9', '-', 'A', '.', '/', ' ', '\u0430', '_' };
		Random random = new Random(7);
		for (int i = 0; i < 20_000; i++) {
			char[] text = new char[random.nextInt(8)];
			for (int j = 0; j < text.length; j++) {
				text[j] = alphabet[random.nextInt(alphabet.length)];
			}
			String candidate = new String(text);
			assertThat(Slugs.isSlug(candidate)).as("'%s'", candidate).isEqualTo(pattern.matcher(candidate).matches());
		}
		// A megabyte of groups: the regular expression would overflow the stack here.
		assertThat(Slugs.isSlug("ab-".repeat(350_000) + "ab")).isTrue();
		assertThat(Slugs.isSlug("ab-".repeat(350_000))).isFalse();
	}

}

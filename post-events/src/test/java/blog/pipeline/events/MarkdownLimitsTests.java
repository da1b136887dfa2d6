package blog.pipeline.events;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

import blog.pipeline.events.MarkdownLimits.Limit;
import blog.pipeline.events.MarkdownLimits.Violation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The limits refuse each hostile shape seen so far and let ordinary writing, code included, through. */
class MarkdownLimitsTests {

	@Test
	void fortyThousandNestedBlockQuotesPassTheQuoteDepth() {
		assertThat(MarkdownLimits.check(">".repeat(40_000) + " deep")).contains(new Violation(Limit.BLOCK_QUOTE_DEPTH, 1));
		assertThat(MarkdownLimits.check("> ".repeat(40_000) + "deep")).contains(new Violation(Limit.BLOCK_QUOTE_DEPTH, 1));
	}

	@Test
	void quotesUpToTheLimitAreAllowed() {
		assertThat(MarkdownLimits.check("> ".repeat(32) + "deep")).isEmpty();
		assertThat(MarkdownLimits.check("text\n\n" + ">".repeat(33) + " deep"))
			.contains(new Violation(Limit.BLOCK_QUOTE_DEPTH, 3));
	}

	@Test
	void sevenHundredNestedListLevelsPassTheIndentation() {
		String indented = IntStream.range(0, 700)
			.mapToObj((level) -> "  ".repeat(level) + "- level " + level)
			.collect(Collectors.joining("\n"));
		String oneLine = "- ".repeat(700) + "deep";

		// level 40 is indented 80 columns, its content at 82
		assertThat(MarkdownLimits.check(indented)).contains(new Violation(Limit.INDENTATION, 41));
		assertThat(MarkdownLimits.check(oneLine)).contains(new Violation(Limit.INDENTATION, 1));
		assertThat(MarkdownLimits.check("1. ".repeat(700) + "deep")).contains(new Violation(Limit.INDENTATION, 1));
		assertThat(MarkdownLimits.check("\t".repeat(21) + "x")).contains(new Violation(Limit.INDENTATION, 1));
	}

	@Test
	void thirtyThousandNestedLinksOrBracketsPassTheBracketNesting() {
		assertThat(MarkdownLimits.check("[".repeat(30_000) + "x" + "](u)".repeat(30_000)))
			.contains(new Violation(Limit.BRACKET_NESTING, 1));
		assertThat(MarkdownLimits.check("[".repeat(30_000))).contains(new Violation(Limit.BRACKET_NESTING, 1));
		assertThat(MarkdownLimits.check("(".repeat(30_000))).contains(new Violation(Limit.BRACKET_NESTING, 1));
		assertThat(MarkdownLimits.check("![".repeat(30_000) + "x" + "](u)".repeat(30_000)))
			.contains(new Violation(Limit.BRACKET_NESTING, 1));
		assertThat(MarkdownLimits.check("a\n" + "[\n".repeat(40))).contains(new Violation(Limit.BRACKET_NESTING, 34));
	}

	@Test
	void bracketsAreCountedPerParagraphAndEscapedOnesDoNotCount() {
		assertThat(MarkdownLimits.check(("[".repeat(20) + "\n\n").repeat(10))).isEmpty();
		assertThat(MarkdownLimits.check("\\[".repeat(1_000))).isEmpty();
		assertThat(MarkdownLimits.check("[a](b) ".repeat(10_000))).isEmpty();
		assertThat(MarkdownLimits.check(")".repeat(100) + "(".repeat(32))).isEmpty();
	}

	@Test
	void aThousandColumnTablePassesTheTableColumns() {
		String table = "|c".repeat(1_000) + "|\n" + "|-".repeat(1_000) + "|\n" + "|x".repeat(1_000) + "|\n";

		assertThat(MarkdownLimits.check("Intro\n\n" + table)).contains(new Violation(Limit.TABLE_COLUMNS, 4));
		assertThat(MarkdownLimits.check("a" + " | b".repeat(63) + "\n" + "---" + " | ---".repeat(63))).isEmpty();
		assertThat(MarkdownLimits.check("a" + " | b".repeat(64) + "\n" + "---" + " | ---".repeat(64)))
			.contains(new Violation(Limit.TABLE_COLUMNS, 2));
	}

	@Test
	void shortRowsOfAWideTablePassTheTableCells() {
		String header = "h" + "|h".repeat(63) + "\n" + "-" + "|-".repeat(63) + "\n";

		// 64 cells a row: the header and 780 rows are 49,984 cells, one row more is 50,048
		assertThat(MarkdownLimits.check(header + "x|\n".repeat(780))).isEmpty();
		assertThat(MarkdownLimits.check(header + "x|\n".repeat(781))).contains(new Violation(Limit.TABLE_CELLS, 783));
		assertThat(MarkdownLimits.check((header + "x|\n".repeat(300) + "\n").repeat(3)))
			.as("all tables together")
			.hasValueSatisfying((violation) -> assertThat(violation.limit()).isEqualTo(Limit.TABLE_CELLS));
	}

	@Test
	void emphasisAndInlineHtmlHaveNoLimitOfTheirOwn() {
		// the parser's inline nesting limit makes deeper emphasis plain text; the sanitizer caps HTML depth
		assertThat(MarkdownLimits.check("*".repeat(50_000) + "x" + "*".repeat(50_000))).isEmpty();
		assertThat(MarkdownLimits.check("*".repeat(100_000))).isEmpty();
		assertThat(MarkdownLimits.check("<span>".repeat(100_000))).isEmpty();
	}

	@Test
	void ordinaryMarkdownIsWithinTheLimits() {
		String post = """
				# A post

				> Quoted, and
				> > quoted in the quote
				> > > and once more.

				- one
				  - two
				    - three
				      - four, with [a link](https://example.org/a_(b)) and ![an image](https://img.example.org/i.png)
				        and a second line (a remark [with a link](x)).

				1. first
				2. second
				   1. nested

				| Name | Value | Note |
				|:-----|------:|:----:|
				| a    | 1     | x    |
				| b    | 2     | y    |

				```java
				if (a) { if (b) { if (c) { if (d) { if (e) { call(f(g(h(i(j(k(l(m(n(o(p(q(r(s(t(u(v(w(x(y(z(a(b(c(d(e(f(g(h(i(j(k(l())))))))))))))))))))))))))))))))); } } } } }
				                                                                                                                   deeply(indented(code));
				>>>>>>> theirs (a merge conflict marker, not a quote)
				```

				~~~~
				| a | table | shown | as | code |
				~~~~

				Text after the code.
				""";

		assertThat(MarkdownLimits.check(post)).isEmpty();
		assertThat(MarkdownLimits.check(post.repeat(200))).isEmpty();
		assertThat(MarkdownLimits.isWithinLimits(post)).isTrue();
	}

	@Test
	void codeInAListItemIsExemptUntilALineIndentedLessEndsTheItem() {
		String code = "- step\n\n  ```\n  " + "(".repeat(40) + "\n  ```\n\nAfter.";
		String itemEndsTheFence = "- step\n\n  ```\nnot indented: the item and the fence end\n" + "[".repeat(40);

		assertThat(MarkdownLimits.check(code)).isEmpty();
		assertThat(MarkdownLimits.check(itemEndsTheFence)).contains(new Violation(Limit.BRACKET_NESTING, 5));
	}

	@Test
	void aFenceIndentedFourColumnsIsIndentedCodeAndHidesNothing() {
		assertThat(MarkdownLimits.check("    ```\n" + "[".repeat(40))).contains(new Violation(Limit.BRACKET_NESTING, 2));
	}

	@Test
	void blockQuotesAndTablesAreCheckedInCodeToo() {
		assertThat(MarkdownLimits.check("```\n" + ">".repeat(33) + "\n```")).contains(new Violation(Limit.BLOCK_QUOTE_DEPTH, 2));
		assertThat(MarkdownLimits.check("```\na|b\n" + "-|".repeat(65) + "-\n```"))
			.contains(new Violation(Limit.TABLE_COLUMNS, 3));
	}

	@Test
	void countsLinesEndingInCrLfAndCr() {
		assertThat(MarkdownLimits.check("a\r\nb\r\n" + ">".repeat(33))).contains(new Violation(Limit.BLOCK_QUOTE_DEPTH, 3));
		assertThat(MarkdownLimits.check("a\rb\r" + ">".repeat(33))).contains(new Violation(Limit.BLOCK_QUOTE_DEPTH, 3));
	}

	@Test
	void describesTheLimitAndTheLine() {
		assertThat(new Violation(Limit.BLOCK_QUOTE_DEPTH, 7).describe())
			.isEqualTo("block quotes nested more than 32 deep (line 7)");
		assertThat(new Violation(Limit.TABLE_COLUMNS, 2).max()).isEqualTo(64);
		assertThat(MarkdownLimits.check("")).isEmpty();
	}

	@Test
	void aMegabyteOfHostileTextIsCheckedQuickly() {
		String body = "[(".repeat(16) + "x".repeat(1_048_000);
		long start = System.nanoTime();
		for (int i = 0; i < 20; i++) {
			MarkdownLimits.check(body);
		}
		assertThat((System.nanoTime() - start) / 20 / 1_000_000).as("ms per check").isLessThan(200);
	}

}

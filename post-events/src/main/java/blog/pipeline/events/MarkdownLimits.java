package blog.pipeline.events;

import java.util.Optional;

/**
 * How deeply a draft's Markdown may nest and how large its tables may be: the one definition that ingest checks
 * before it accepts a draft and render checks again before it parses one (a record may come from an older or another
 * producer). The limits are generous for real writing and keep the Markdown parser, the HTML renderer and the
 * sanitizer far from the depths and sizes where a hostile draft costs stack, time or memory.
 * <p>
 * {@link #check(CharSequence)} reads the text once, line by line, without parsing Markdown: it looks at each line's
 * container prefix (the indentation, {@code >} block quote markers and list markers before its content), counts
 * bracket nesting per paragraph (from one blank line to the next) and recognizes GFM table delimiter rows. It
 * over-counts rather than under-counts where that is cheaper (a table is taken to run until the next blank line;
 * brackets in code spans count), so a draft within the limits is within them for the parser too.
 * <p>
 * Fenced code blocks (a line of three or more {@code `} or {@code ~} indented by less than four columns, up to
 * the closing fence or a line indented less than the opening one) are exempt from the indentation and bracket
 * checks: code is indented and bracketed as its language needs. Block quote depth and tables are checked
 * everywhere, in code too. The scan does not follow HTML blocks, so a fence line inside one can hide the lines
 * after it from those two checks; the parser's own limits, which render sets, still bound such a draft.
 */
public final class MarkdownLimits {

	/**
	 * Block quotes nested at most this deep: the number of {@code >} markers in a line's container prefix. Quoting
	 * a quote of a quote is three; email-style threads rarely pass ten.
	 */
	public static final int MAX_BLOCK_QUOTE_DEPTH = 32;

	/**
	 * A line's container prefix (indentation, {@code >} and list markers; a tab to the next multiple of four) spans
	 * at most this many columns. A nested list item is indented to its parent's content, at least two columns per
	 * level, so this bounds list nesting (and quotes and lists together) to about 40 levels, below the parser's
	 * limit of open blocks; a list nested four deep with code in it needs about 20.
	 */
	public static final int MAX_INDENTATION = 80;

	/**
	 * Brackets {@code [} and parentheses {@code ()} opened and not yet closed within one paragraph, at most this
	 * many (escaped ones do not count): links, images and their destinations, and parenthetical remarks. Real text
	 * rarely passes three.
	 */
	public static final int MAX_BRACKET_NESTING = 32;

	/** A table has at most this many columns: the cells of its GFM delimiter row ({@code |---|:--:|}). */
	public static final int MAX_TABLE_COLUMNS = 64;

	/**
	 * All tables of a draft together have at most this many cells (columns times rows, header included). A row
	 * line as short as {@code x|} becomes a whole row of cells, so the rendered HTML of tables can be many times
	 * the size of their Markdown; this keeps it to a few hundred kilobytes. A table of 1,000 rows and 10 columns
	 * is 10,010 cells.
	 */
	public static final int MAX_TABLE_CELLS = 50_000;

	private MarkdownLimits() {
	}

	/** A limit a draft can pass. */
	public enum Limit {

		/** {@link #MAX_BLOCK_QUOTE_DEPTH}. */
		BLOCK_QUOTE_DEPTH(MAX_BLOCK_QUOTE_DEPTH, "block quotes nested more than %d deep"),

		/** {@link #MAX_INDENTATION}. */
		INDENTATION(MAX_INDENTATION, "a line indented (lists and quotes nested) more than %d columns"),

		/** {@link #MAX_BRACKET_NESTING}. */
		BRACKET_NESTING(MAX_BRACKET_NESTING, "brackets, parentheses or links nested more than %d deep"),

		/** {@link #MAX_TABLE_COLUMNS}. */
		TABLE_COLUMNS(MAX_TABLE_COLUMNS, "a table with more than %d columns"),

		/** {@link #MAX_TABLE_CELLS}. */
		TABLE_CELLS(MAX_TABLE_CELLS, "tables with more than %d cells in all");

		private final int max;

		private final String description;

		Limit(int max, String description) {
			this.max = max;
			this.description = description;
		}

		/** The limit's value. */
		public int max() {
			return this.max;
		}

		/** What passes it, e.g. {@code block quotes nested more than 32 deep}. */
		public String description() {
			return String.format(this.description, this.max);
		}

	}

	/**
	 * The first place a draft passes a limit.
	 *
	 * @param limit which limit
	 * @param line the line (from 1) where the text passes it
	 */
	public record Violation(Limit limit, int line) {

		/** The limit's value. */
		public int max() {
			return this.limit.max();
		}

		/** E.g. {@code block quotes nested more than 32 deep (line 7)}. */
		public String describe() {
			return this.limit.description() + " (line " + this.line + ")";
		}

	}

	/** The first violation of the limits, or none; one pass over the text, lines ending in LF, CR LF or CR. */
	public static Optional<Violation> check(CharSequence markdown) {
		return Optional.ofNullable(new Scan(markdown).run());
	}

	/** Whether the text is within every limit. */
	public static boolean isWithinLimits(CharSequence markdown) {
		return new Scan(markdown).run() == null;
	}

	private static final class Scan {

		private final CharSequence text;

		private int lineNumber;

		private boolean previousBlank = true;

		private int brackets;

		/** The fence character of the open fenced code block, or 0. */
		private char fence;

		private int fenceLength;

		private int fenceIndent;

		/** Columns of the open table (until the next blank line), or 0. */
		private int tableColumns;

		private long tableCells;

		Scan(CharSequence text) {
			this.text = text;
		}

		Violation run() {
			int length = this.text.length();
			int start = 0;
			while (start <= length) {
				int end = start;
				while (end < length && this.text.charAt(end) != '\n' && this.text.charAt(end) != '\r') {
					end++;
				}
				this.lineNumber++;
				Violation violation = line(start, end);
				if (violation != null) {
					return violation;
				}
				if (end < length && this.text.charAt(end) == '\r' && end + 1 < length
						&& this.text.charAt(end + 1) == '\n') {
					end++;
				}
				start = end + 1;
			}
			return null;
		}

		private Violation line(int start, int end) {
			int column = 0;
			int quotes = 0;
			boolean markers = false;
			// columns of whitespace before the first other character
			int indent = -1;
			int at = start;
			// the container prefix: indentation, block quote markers, list markers
			while (at < end) {
				char c = this.text.charAt(at);
				if (c == ' ') {
					column++;
					at++;
				}
				else if (c == '\t') {
					column += 4 - (column % 4);
					at++;
				}
				else if (c == '>') {
					indent = (indent < 0) ? column : indent;
					quotes++;
					column++;
					at++;
					markers = true;
				}
				else if ((c == '-' || c == '*' || c == '+') && isSpaceOrEnd(at + 1, end)) {
					indent = (indent < 0) ? column : indent;
					column++;
					at++;
					markers = true;
				}
				else if (c >= '0' && c <= '9') {
					int digits = at;
					while (digits < end && digits - at < 9 && isDigit(this.text.charAt(digits))) {
						digits++;
					}
					if (digits < end && (this.text.charAt(digits) == '.' || this.text.charAt(digits) == ')')
							&& isSpaceOrEnd(digits + 1, end)) {
						indent = (indent < 0) ? column : indent;
						column += digits + 1 - at;
						at = digits + 1;
						markers = true;
					}
					else {
						break;
					}
				}
				else {
					break;
				}
			}
			boolean blank = at == end && !markers;
			indent = (indent < 0) ? column : indent;
			if (quotes > MAX_BLOCK_QUOTE_DEPTH) {
				return new Violation(Limit.BLOCK_QUOTE_DEPTH, this.lineNumber);
			}
			Violation table = table(at, end, blank);
			if (table != null) {
				return table;
			}
			boolean wasBlank = this.previousBlank;
			this.previousBlank = blank;
			if (this.fence != 0) {
				if (!blank && indent < this.fenceIndent) {
					// a line indented less than the fence ends the list item the fence is in, and so the fence
					this.fence = 0;
				}
				else {
					if (indent - this.fenceIndent < 4 && closesFence(start + indentChars(start, end), end)) {
						this.fence = 0;
					}
					return null;
				}
			}
			if (blank) {
				this.brackets = 0;
				return null;
			}
			if (!markers && column < 4 && opensFence(at, end)) {
				this.fenceIndent = column;
				this.brackets = 0;
				return null;
			}
			if (column > MAX_INDENTATION) {
				return new Violation(Limit.INDENTATION, this.lineNumber);
			}
			return brackets(at, end, wasBlank);
		}

		/** Counts a table's cells, from its delimiter row to the next blank line (where the parser may end it sooner). */
		private Violation table(int at, int end, boolean blank) {
			if (blank) {
				this.tableColumns = 0;
				return null;
			}
			if (this.tableColumns > 0) {
				this.tableCells += this.tableColumns;
			}
			else if (!this.previousBlank) {
				int columns = delimiterRowColumns(at, end);
				if (columns > MAX_TABLE_COLUMNS) {
					return new Violation(Limit.TABLE_COLUMNS, this.lineNumber);
				}
				if (columns > 0) {
					this.tableColumns = columns;
					// the header row above it
					this.tableCells += columns;
				}
			}
			return (this.tableCells > MAX_TABLE_CELLS) ? new Violation(Limit.TABLE_CELLS, this.lineNumber) : null;
		}

		/** The cells of a GFM delimiter row (only {@code |}, {@code -}, {@code :} and blanks, a dash and a pipe among them), else 0. */
		private int delimiterRowColumns(int at, int end) {
			int first = -1;
			int last = -1;
			int pipes = 0;
			boolean dash = false;
			for (int i = at; i < end; i++) {
				char c = this.text.charAt(i);
				if (c == '|') {
					pipes++;
				}
				else if (c == '-') {
					dash = true;
				}
				else if (c != ':' && c != ' ' && c != '\t') {
					return 0;
				}
				if (c != ' ' && c != '\t') {
					if (first < 0) {
						first = i;
					}
					last = i;
				}
			}
			if (!dash || pipes == 0) {
				return 0;
			}
			int columns = pipes + 1;
			if (this.text.charAt(first) == '|') {
				columns--;
			}
			if (this.text.charAt(last) == '|' && last != first) {
				columns--;
			}
			return columns;
		}

		private Violation brackets(int at, int end, boolean paragraphStart) {
			if (paragraphStart) {
				this.brackets = 0;
			}
			for (int i = at; i < end; i++) {
				char c = this.text.charAt(i);
				if (c == '\\') {
					i++;
				}
				else if (c == '[' || c == '(') {
					if (++this.brackets > MAX_BRACKET_NESTING) {
						return new Violation(Limit.BRACKET_NESTING, this.lineNumber);
					}
				}
				else if ((c == ']' || c == ')') && this.brackets > 0) {
					this.brackets--;
				}
			}
			return null;
		}

		private boolean opensFence(int at, int end) {
			char c = (at < end) ? this.text.charAt(at) : 0;
			if (c != '`' && c != '~') {
				return false;
			}
			int run = run(at, end, c);
			if (run < 3) {
				return false;
			}
			if (c == '`') {
				// an info string with a backtick makes it inline code, not a fence
				for (int i = at + run; i < end; i++) {
					if (this.text.charAt(i) == '`') {
						return false;
					}
				}
			}
			this.fence = c;
			this.fenceLength = run;
			return true;
		}

		private boolean closesFence(int at, int end) {
			int run = run(at, end, this.fence);
			if (run < this.fenceLength) {
				return false;
			}
			for (int i = at + run; i < end; i++) {
				if (this.text.charAt(i) != ' ' && this.text.charAt(i) != '\t') {
					return false;
				}
			}
			return true;
		}

		/** The characters of a line's leading spaces and tabs. */
		private int indentChars(int start, int end) {
			int i = start;
			while (i < end && (this.text.charAt(i) == ' ' || this.text.charAt(i) == '\t')) {
				i++;
			}
			return i - start;
		}

		private int run(int at, int end, char c) {
			int i = at;
			while (i < end && this.text.charAt(i) == c) {
				i++;
			}
			return i - at;
		}

		private boolean isSpaceOrEnd(int at, int end) {
			return at >= end || this.text.charAt(at) == ' ' || this.text.charAt(at) == '\t';
		}

		private static boolean isDigit(char c) {
			return c >= '0' && c <= '9';
		}

	}

}

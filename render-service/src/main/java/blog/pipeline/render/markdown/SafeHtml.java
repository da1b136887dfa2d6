package blog.pipeline.render.markdown;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * HTML that is safe to insert into a page: the only HTML a template may insert unescaped. Instances are made only in
 * this package, by the {@link HtmlSanitizer} or by the {@link MarkdownRenderer}'s escaping path, so holding one proves
 * the markup was cleaned or never contained anything but escaped text and the renderer's own tags.
 */
public final class SafeHtml {

	private static final SafeHtml EMPTY = new SafeHtml("", "", 0);

	private final String html;

	/** Known from the sanitizer's tree, or worked out from the escaping renderer's markup when first asked for. */
	private @Nullable String text;

	private final int words;

	SafeHtml(String html, String text, int words) {
		this.html = html;
		this.text = text;
		this.words = words;
	}

	private SafeHtml(String html, int words) {
		this.html = html;
		this.words = words;
	}

	/** Markup of the escaping renderer: its own tags, text escaped by it; the words counted on the tree. */
	static SafeHtml escaped(String html, int words) {
		return new SafeHtml(html, words);
	}

	/** No markup at all. */
	public static SafeHtml empty() {
		return EMPTY;
	}

	/**
	 * Plain text as paragraphs: each text in a {@code <p>}, escaped (only {@code & < >} and the no-break space need
	 * entities in element content), never interpreted as markup.
	 */
	public static SafeHtml paragraphs(List<String> texts) {
		StringBuilder html = new StringBuilder();
		for (String text : texts) {
			html.append("<p>");
			escapeText(text, html);
			html.append("</p>");
		}
		String text = String.join(" ", texts);
		return new SafeHtml(html.toString(), text, WordCounter.count(text));
	}

	private static void escapeText(String text, StringBuilder html) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '&' -> html.append("&amp;");
				case '<' -> html.append("&lt;");
				case '>' -> html.append("&gt;");
				case '\u00a0' -> html.append("&#xa0;");
				default -> html.append(c);
			}
		}
	}

	/** The sanitized markup. */
	public String html() {
		return this.html;
	}

	/** The text a reader sees, whitespace normalized. */
	public String text() {
		String text = this.text;
		if (text == null) {
			text = textOfEscapedMarkup(this.html);
			this.text = text;
		}
		return text;
	}

	/** How many words the text has (as {@link WordCounter} counts them). */
	public int words() {
		return this.words;
	}

	/**
	 * The text of the escaping renderer's markup: tags dropped (the renderer ends each block with a line feed, so
	 * blocks stay apart; attribute values never hold a raw {@code >}), its four entities decoded, whitespace collapsed.
	 */
	private static String textOfEscapedMarkup(String html) {
		StringBuilder text = new StringBuilder(html.length());
		boolean inTag = false;
		for (int i = 0; i < html.length(); i++) {
			char c = html.charAt(i);
			if (inTag) {
				inTag = c != '>';
			}
			else if (c == '<') {
				inTag = true;
			}
			else {
				text.append(c);
			}
		}
		String decoded = text.toString()
			.replace("&lt;", "<")
			.replace("&gt;", ">")
			.replace("&quot;", "\"")
			.replace("&amp;", "&");
		return decoded.replaceAll("\\s+", " ").strip();
	}

	public boolean isEmpty() {
		return this.html.isEmpty();
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return (other instanceof SafeHtml that) && this.html.equals(that.html);
	}

	@Override
	public int hashCode() {
		return this.html.hashCode();
	}

	@Override
	public String toString() {
		return this.html;
	}

}

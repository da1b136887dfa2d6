package blog.pipeline.render.markdown;

import org.jspecify.annotations.Nullable;

/**
 * HTML that is safe to insert into a page: the only HTML a template may insert unescaped. Instances are made only in
 * this package, by the {@link HtmlSanitizer} or by the {@link MarkdownRenderer}'s escaping path, so holding one proves
 * the markup was cleaned or never contained anything but escaped text and the renderer's own tags.
 */
public final class SafeHtml {

	private static final SafeHtml EMPTY = new SafeHtml("", "");

	private final String html;

	private final String text;

	SafeHtml(String html, String text) {
		this.html = html;
		this.text = text;
	}

	/** No markup at all. */
	public static SafeHtml empty() {
		return EMPTY;
	}

	/** The sanitized markup. */
	public String html() {
		return this.html;
	}

	/** The text a reader sees, whitespace normalized (known from the sanitizer's tree, so no second parse). */
	public String text() {
		return this.text;
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

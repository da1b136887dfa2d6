package blog.pipeline.render.markdown;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.Heading;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.renderer.html.AttributeProvider;

/**
 * The {@code id} of each heading, exactly as commonmark-java's heading-anchor extension makes it (its text and code,
 * trimmed, lower case, spaces to dashes, only word characters and dashes kept, {@code id} when nothing is left, a
 * {@code -1}, {@code -2}... suffix when an id repeats in the document), but cheaper: the extension compiles its
 * allowed-characters pattern for every rendered document or node, this one compiles it once and filters ASCII
 * headings without it. One instance per rendered document, like the extension's, so ids are unique per document.
 */
final class HeadingIds implements AttributeProvider {

	/** The extension's pattern ({@code \w} with Unicode character classes). */
	private static final Pattern ALLOWED = Pattern.compile("[\\w\\-_]+", Pattern.UNICODE_CHARACTER_CLASS);

	private static final String DEFAULT_ID = "id";

	private final Map<String, Integer> seen = new HashMap<>();

	@Override
	public void setAttributes(Node node, String tagName, Map<String, String> attributes) {
		if (node instanceof Heading) {
			StringBuilder text = new StringBuilder();
			node.accept(new AbstractVisitor() {
				@Override
				public void visit(Text literal) {
					text.append(literal.getLiteral());
				}

				@Override
				public void visit(Code code) {
					text.append(code.getLiteral());
				}
			});
			attributes.put("id", next(text.toString().trim().toLowerCase()));
		}
	}

	/** The id for a heading's text, numbered when the document had it already. */
	String next(String text) {
		String id = normalized(text);
		if (id.isEmpty()) {
			id = DEFAULT_ID;
		}
		Integer count = this.seen.get(id);
		if (count == null) {
			this.seen.put(id, 1);
			return id;
		}
		this.seen.put(id, count + 1);
		return id + "-" + count;
	}

	/**
	 * Lower case, spaces to dashes, then only the characters the pattern allows. In ASCII it allows exactly letters,
	 * digits, {@code _} and {@code -}, so ASCII text is filtered by a loop.
	 */
	static String normalized(String text) {
		String lower = text.toLowerCase().replace(" ", "-");
		StringBuilder id = new StringBuilder(lower.length());
		for (int i = 0; i < lower.length(); i++) {
			char c = lower.charAt(i);
			if (c >= 128) {
				return normalizedByPattern(lower);
			}
			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-') {
				id.append(c);
			}
		}
		return id.toString();
	}

	private static String normalizedByPattern(String lower) {
		StringBuilder id = new StringBuilder(lower.length());
		Matcher matcher = ALLOWED.matcher(lower);
		while (matcher.find()) {
			id.append(matcher.group());
		}
		return id.toString();
	}

}

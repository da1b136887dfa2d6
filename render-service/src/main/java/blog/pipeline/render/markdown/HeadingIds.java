package blog.pipeline.render.markdown;

import java.util.HashMap;
import java.util.Map;

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
 * allowed-characters pattern for every rendered document or node and filters the text with it, this one tests the
 * pattern's character class directly. One instance per rendered document, like the extension's, so ids are unique
 * per document.
 */
final class HeadingIds implements AttributeProvider {

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
	 * Lower case, spaces to dashes, then only the characters the pattern allows: those of its character class taken
	 * code point by code point ({@link #isWordCharacter}), which is what keeping the pattern's matches one after the
	 * other keeps.
	 */
	static String normalized(String text) {
		String lower = text.toLowerCase().replace(" ", "-");
		StringBuilder id = new StringBuilder(lower.length());
		for (int i = 0; i < lower.length();) {
			int codePoint = lower.codePointAt(i);
			if (codePoint == '-' || codePoint == '_' || isWordCharacter(codePoint)) {
				id.appendCodePoint(codePoint);
			}
			i += Character.charCount(codePoint);
		}
		return id.toString();
	}

	/** {@code \w} with {@code UNICODE_CHARACTER_CLASS}, as {@link java.util.regex.Pattern} defines it (see its Javadoc). */
	static boolean isWordCharacter(int codePoint) {
		if (codePoint < 0x80) {
			return (codePoint >= 'a' && codePoint <= 'z') || (codePoint >= 'A' && codePoint <= 'Z')
					|| (codePoint >= '0' && codePoint <= '9') || codePoint == '_';
		}
		if (Character.isAlphabetic(codePoint)) {
			return true;
		}
		int type = Character.getType(codePoint);
		return type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
				|| type == Character.COMBINING_SPACING_MARK || type == Character.DECIMAL_DIGIT_NUMBER
				|| type == Character.CONNECTOR_PUNCTUATION || codePoint == 0x200C || codePoint == 0x200D;
	}

}

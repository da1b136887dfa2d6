package blog.pipeline.render.xss;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The XSS corpus of {@code xss/vectors.txt}: known attack vectors as draft Markdown. Public and shipped in
 * render-service's test jar, so the dev-stack's end-to-end test sends the same vectors through the served site.
 */
public final class XssVectors {

	private static final Pattern HEX_ESCAPE = Pattern.compile("\\\\x([0-9a-fA-F]{2})");

	private XssVectors() {
	}

	/** A vector with its line number in the corpus, for failure messages. */
	public record Vector(int line, String markdown) {

		@Override
		public String toString() {
			return "line " + this.line + ": " + this.markdown.replace("\n", "\\n");
		}

	}

	public static List<Vector> all() {
		String corpus;
		try (InputStream in = XssVectors.class.getResourceAsStream("/xss/vectors.txt")) {
			if (in == null) {
				throw new IOException("no such resource");
			}
			corpus = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The XSS corpus xss/vectors.txt is missing from the test classpath", ex);
		}
		List<Vector> vectors = new ArrayList<>();
		String[] lines = corpus.split("\n", -1);
		for (int i = 0; i < lines.length; i++) {
			String line = lines[i];
			if (!line.isBlank() && !line.startsWith(";;")) {
				vectors.add(new Vector(i + 1, unescape(line)));
			}
		}
		return vectors;
	}

	/** {@code \n} is a line break and {@code \xNN} a control character; every other backslash stays as written. */
	private static String unescape(String line) {
		Matcher hex = HEX_ESCAPE.matcher(line.replace("\\n", "\n"));
		StringBuilder result = new StringBuilder();
		while (hex.find()) {
			hex.appendReplacement(result,
					Matcher.quoteReplacement(String.valueOf((char) HexFormat.fromHexDigits(hex.group(1)))));
		}
		hex.appendTail(result);
		return result.toString();
	}

}

package blog.pipeline.render.posts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import blog.pipeline.events.Author;
import blog.pipeline.events.Draft;
import blog.pipeline.events.PostRendered;

import org.springframework.core.io.ClassPathResource;

/**
 * The XSS corpus of {@code xss/vectors.txt}: known attack vectors, each rendered as the body of a draft by the real
 * renderer.
 */
final class XssVectors {

	private static final Pattern HEX_ESCAPE = Pattern.compile("\\\\x([0-9a-fA-F]{2})");

	private XssVectors() {
	}

	/** A vector with its line number in the corpus, for failure messages. */
	record Vector(int line, String markdown) {

		@Override
		public String toString() {
			return "line " + this.line + ": " + this.markdown.replace("\n", "\\n");
		}

	}

	static List<Vector> all() {
		String corpus;
		try {
			corpus = new ClassPathResource("xss/vectors.txt").getContentAsString(StandardCharsets.UTF_8);
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

	/** The vector rendered by the application's renderer as a post of its own. */
	static PostRendered render(PostRenderer renderer, Vector vector) {
		Draft draft = new Draft("Vector on line " + vector.line(), "vector-" + vector.line(),
				new Author("tester", "Tester"), vector.markdown(), null, List.of("xss"), null, null);
		return renderer.render(PostFixtures.submitted("post-" + vector.line(), draft));
	}

}

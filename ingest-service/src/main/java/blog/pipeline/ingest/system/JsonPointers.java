package blog.pipeline.ingest.system;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;

/** Builds JSON pointers (RFC 6901) from the paths that Bean Validation and Jackson report. */
final class JsonPointers {

	private static final Pattern INDEX = Pattern.compile("\\[(\\d*)]");

	private JsonPointers() {
	}

	/** From a Spring property path such as {@code author.id} or {@code tags[2]}. */
	static String fromPropertyPath(String path) {
		if (path.isEmpty()) {
			return "";
		}
		StringBuilder pointer = new StringBuilder();
		for (String property : path.split("\\.")) {
			Matcher index = INDEX.matcher(property);
			int nameEnd = index.find() ? index.start() : property.length();
			pointer.append('/').append(escape(property.substring(0, nameEnd)));
			index.reset();
			while (index.find()) {
				pointer.append('/').append(index.group(1));
			}
		}
		return pointer.toString();
	}

	/** From the path of a Jackson binding failure. */
	static String fromJacksonPath(List<JacksonException.Reference> path) {
		StringBuilder pointer = new StringBuilder();
		for (JacksonException.Reference reference : path) {
			pointer.append('/');
			String name = reference.getPropertyName();
			pointer.append((name != null) ? escape(name) : String.valueOf(reference.getIndex()));
		}
		return pointer.toString();
	}

	private static String escape(String name) {
		return name.replace("~", "~0").replace("/", "~1");
	}

}

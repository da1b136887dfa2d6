package blog.pipeline.ingest.security;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every odd spelling of a path an attacker tries, by class: each names the same resource to some part of a server
 * (the container's decoder, a proxy, the dispatcher) and another one to a rule that looks at the raw path.
 */
final class PathSpellings {

	private PathSpellings() {
	}

	/** The spellings of {@code path} (a canonical path without query), each under its attack class. */
	static Map<String, List<String>> of(String path) {
		String[] segments = path.substring(1).split("/");
		Map<String, List<String>> classes = new LinkedHashMap<>();
		List<String> semicolon = classes.computeIfAbsent("`;` path parameters in every segment", (k) -> new ArrayList<>());
		List<String> encodedLetter = classes.computeIfAbsent("percent-encoded letters and digits", (k) -> new ArrayList<>());
		List<String> encodedSlash = classes.computeIfAbsent("encoded slashes and backslashes", (k) -> new ArrayList<>());
		List<String> doubleEncoded = classes.computeIfAbsent("double encoding", (k) -> new ArrayList<>());
		List<String> dots = classes.computeIfAbsent("dot segments, plain and encoded", (k) -> new ArrayList<>());
		List<String> slashes = classes.computeIfAbsent("double slashes", (k) -> new ArrayList<>());
		List<String> trailing = classes.computeIfAbsent("trailing slash or dot", (k) -> new ArrayList<>());
		List<String> caseChange = classes.computeIfAbsent("upper and mixed case", (k) -> new ArrayList<>());
		List<String> escapes = classes.computeIfAbsent("NUL, space, tab and overlong escapes", (k) -> new ArrayList<>());
		for (int i = 0; i < segments.length; i++) {
			semicolon.add(replace(segments, i, segments[i] + ";x"));
			semicolon.add(replace(segments, i, segments[i] + ";"));
			semicolon.add(replace(segments, i, segments[i] + ";jsessionid=1"));
			semicolon.add(replace(segments, i, segments[i] + "%3bx"));
			String first = hex(segments[i].charAt(0));
			String rest = segments[i].substring(1);
			encodedLetter.add(replace(segments, i, "%" + first + rest));
			encodedLetter.add(replace(segments, i, "%" + first.toLowerCase(Locale.ROOT) + rest));
			encodedLetter.add(replace(segments, i, encodeAll(segments[i])));
			doubleEncoded.add(replace(segments, i, "%25" + first + rest));
			doubleEncoded.add(replace(segments, i, "%2525" + first + rest));
			caseChange.add(replace(segments, i, segments[i].toUpperCase(Locale.ROOT)));
			caseChange.add(replace(segments, i,
					Character.toUpperCase(segments[i].charAt(0)) + segments[i].substring(1)));
			escapes.add(replace(segments, i, segments[i] + "%00"));
			escapes.add(replace(segments, i, segments[i] + "%20"));
			escapes.add(replace(segments, i, segments[i] + "%09"));
			escapes.add(replace(segments, i, segments[i] + "%c0%af"));
			dots.add(insertAfter(segments, i, "."));
			dots.add(insertAfter(segments, i, "%2e"));
			dots.add(insertAfter(segments, i, "x/.."));
			dots.add(insertAfter(segments, i, "x/%2e%2e"));
			dots.add(insertAfter(segments, i, "x/%2E%2E"));
			dots.add(insertAfter(segments, i, "x/.%2e"));
			slashes.add(insertAfter(segments, i, ""));
			if (i + 1 < segments.length) {
				for (String separator : List.of("%2F", "%2f", "%5C", "%5c", "\\")) {
					encodedSlash.add(join(segments, i, separator));
				}
				doubleEncoded.add(join(segments, i, "%252F"));
			}
		}
		dots.add("/x/.." + path);
		dots.add("/%2e%2e" + path);
		dots.add("/." + path);
		slashes.add("/" + path);
		slashes.add("///" + path.substring(1));
		trailing.add(path + "/");
		trailing.add(path + "/.");
		trailing.add(path + "//");
		trailing.add(path + ".");
		caseChange.add(path.toUpperCase(Locale.ROOT));
		// a case change of a segment that has no letter where it changes spells the path as it is
		classes.values().forEach((spellings) -> spellings.removeIf(path::equals));
		return classes;
	}

	private static String hex(char c) {
		return String.format("%02X", (int) c);
	}

	private static String encodeAll(String segment) {
		StringBuilder out = new StringBuilder();
		for (char c : segment.toCharArray()) {
			out.append('%').append(hex(c));
		}
		return out.toString();
	}

	private static String replace(String[] segments, int index, String segment) {
		String[] copy = segments.clone();
		copy[index] = segment;
		return "/" + String.join("/", copy);
	}

	private static String insertAfter(String[] segments, int index, String inserted) {
		List<String> copy = new ArrayList<>(List.of(segments));
		copy.add(index + 1, inserted);
		return "/" + String.join("/", copy);
	}

	/** The segments with {@code separator} instead of the slash after segment {@code index}. */
	private static String join(String[] segments, int index, String separator) {
		StringBuilder out = new StringBuilder();
		for (int i = 0; i < segments.length; i++) {
			out.append((i == 0) ? "/" : (i == index + 1) ? separator : "/").append(segments[i]);
		}
		return out.toString();
	}

}

package blog.pipeline.ingest.drafts;

import java.util.Arrays;

/** A post's ETag is its version in quotes; {@code If-Match} may list several, weak ones, or {@code *}. */
final class ETags {

	private ETags() {
	}

	static String of(long version) {
		return "\"" + version + "\"";
	}

	static boolean matches(String ifMatch, long version) {
		String expected = of(version);
		return Arrays.stream(ifMatch.split(","))
			.map(String::strip)
			.map((tag) -> tag.startsWith("W/") ? tag.substring(2) : tag)
			.anyMatch((tag) -> tag.equals("*") || tag.equals(expected));
	}

}

package blog.pipeline.ingest.fuzz;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;

/** Checks that an error answer is an RFC 9457 problem document. */
public final class Problems {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private Problems() {
	}

	/**
	 * What is wrong with an error answer.
	 * @return {@code null} when it is {@code application/problem+json} with its {@code status} and a {@code detail}
	 */
	public static @Nullable String violation(int status, @Nullable String contentType, String body) {
		if (contentType == null
				|| !MediaType.APPLICATION_PROBLEM_JSON.isCompatibleWith(MediaType.parseMediaType(contentType))) {
			return "answered " + status + " as " + contentType + ", not application/problem+json: " + cut(body);
		}
		JsonNode problem;
		try {
			problem = JSON.readTree(body);
		}
		catch (RuntimeException ex) {
			return "answered " + status + " with a problem that is not JSON: " + cut(body);
		}
		if (problem == null || !problem.isObject() || problem.path("status").asInt() != status) {
			return "answered " + status + " with a problem without that status: " + cut(body);
		}
		if (!problem.path("detail").isString() || problem.path("detail").asString().isBlank()) {
			return "answered " + status + " with a problem without detail: " + cut(body);
		}
		return null;
	}

	public static String cut(String text) {
		return (text.length() <= 400) ? text : text.substring(0, 400) + "…";
	}

}

package blog.pipeline.ingest.system;

import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.servlet.ServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * The id of an HTTP request, which the editor gets back in {@code X-Request-Id}, in every problem document and finds in
 * the logs of that request: the caller's own id when it sent a sane one, else a generated one.
 */
public final class RequestIds {

	/** The header that carries the id both ways. */
	public static final String HEADER = "X-Request-Id";

	/** The MDC key (and so the structured log field) and the problem document property. */
	public static final String FIELD = "requestId";

	/** Where the id of the request being served is kept, so error dispatches and problem documents reuse it. */
	static final String ATTRIBUTE = RequestIds.class.getName() + ".id";

	/** Visible ASCII only, at most 128 characters: nothing that could split a log line or a header. */
	private static final Pattern SANE = Pattern.compile("[\\x21-\\x7E]{1,128}");

	private RequestIds() {
	}

	/** The caller's id if it is sane, else a new random one. */
	static String accept(@Nullable String presented) {
		return (presented != null && SANE.matcher(presented).matches()) ? presented : UUID.randomUUID().toString();
	}

	/** The id assigned to this request, or {@code null} when none was (the request never reached the filters). */
	public static @Nullable String of(ServletRequest request) {
		return (request.getAttribute(ATTRIBUTE) instanceof String id) ? id : null;
	}

}

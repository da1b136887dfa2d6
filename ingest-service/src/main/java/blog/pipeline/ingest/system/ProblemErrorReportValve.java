package blog.pipeline.ingest.system;

import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Writes the errors that Tomcat answers itself, before any filter or servlet runs (a URI with {@code %00} or an
 * encoded slash, headers over the size limit, a request line it cannot parse), as RFC 9457 problem details instead of
 * Tomcat's HTML error page, so that every error of the service is a problem document. Installed as the host's error
 * report valve by {@link WebServerConfiguration}; Tomcat creates it by class name, hence public. Such a request never
 * reached {@link RequestIdFilter}, so the valve gives it its request id.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		// As Tomcat's own valve: only errors, only when nothing was written, only once.
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		AtomicBoolean ioAllowed = new AtomicBoolean(false);
		response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
		if (!ioAllowed.get()) {
			return;
		}
		HttpStatus known = HttpStatus.resolve(status);
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("title", (known != null) ? known.getReasonPhrase() : "Error");
		problem.put("status", status);
		problem.put("detail", detail(status, response.getMessage()));
		String requestId = RequestIds.of(request);
		if (requestId == null) {
			requestId = RequestIds.accept(request.getHeader(RequestIds.HEADER));
		}
		problem.put(RequestIds.FIELD, requestId);
		response.setHeader(RequestIds.HEADER, requestId);
		try {
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			response.setCharacterEncoding("UTF-8");
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write(JSON.writeValueAsString(problem));
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// The client is gone or the response was committed meanwhile: nothing more to tell.
		}
	}

	private static String detail(int status, String message) {
		if (message != null && !message.isBlank()) {
			return "The web server refused the request: " + message + ".";
		}
		if (status == HttpStatus.BAD_REQUEST.value()) {
			return "The web server could not read the request: its request line, URI (e.g. an encoded slash, NUL or "
					+ "invalid percent-escape) or headers (too large or malformed) are not acceptable.";
		}
		return "The web server refused the request with status " + status + ".";
	}

}

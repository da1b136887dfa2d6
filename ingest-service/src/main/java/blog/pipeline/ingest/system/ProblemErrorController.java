package blog.pipeline.ingest.system;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The servlet container's error page ({@code /error}, where errors land that no MVC handler answered, e.g. from a
 * filter or the container itself) as RFC 9457 problem details instead of Boot's default JSON, so that every error of
 * the service is a problem document. Exception messages stay in the log, never in the answer.
 */
@RestController
class ProblemErrorController implements ErrorController {

	private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

	@RequestMapping(path = "${server.error.path:${error.path:/error}}",
			produces = { MediaType.APPLICATION_PROBLEM_JSON_VALUE, MediaType.ALL_VALUE })
	ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		HttpStatus status = (code instanceof Integer number && HttpStatus.resolve(number) != null)
				? HttpStatus.valueOf(number) : HttpStatus.INTERNAL_SERVER_ERROR;
		String path = String.valueOf(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI));
		Object exception = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
		if (status.is5xxServerError()) {
			log.error("Answered {} to a request for {}", status.value(), path,
					(exception instanceof Throwable cause) ? cause : null);
		}
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, status.is5xxServerError()
				? "The service failed to answer this request; the failure is logged. Try again later."
				: "The request was refused (" + status.value() + " " + status.getReasonPhrase() + ").");
		problem.setTitle(status.getReasonPhrase());
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

}

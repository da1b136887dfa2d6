package blog.pipeline.ingest.ops;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The operators' errors as problem details: unknown letter 404, re-driven twice 409, a re-drive refused for its topic
 * 422, Kafka not there 503.
 */
@RestControllerAdvice(basePackageClasses = OpsProblems.class)
class OpsProblems {

	@ExceptionHandler
	ResponseEntity<ProblemDetail> noSuchLetter(NoSuchDeadLetterException ex) {
		return problem(HttpStatus.NOT_FOUND, "Dead letter not found", ex);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> alreadyRedriven(AlreadyRedrivenException ex) {
		return problem(HttpStatus.CONFLICT, "Dead letter already re-driven", ex);
	}

	/** 422, not 409: nothing about the letter's state would change the answer; the letter itself is not re-drivable. */
	@ExceptionHandler
	ResponseEntity<ProblemDetail> refused(RedriveRefusedException ex) {
		return problem(HttpStatus.UNPROCESSABLE_CONTENT, "Re-drive refused", ex);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> notRead(RedriveLogNotReadException ex) {
		return problem(HttpStatus.SERVICE_UNAVAILABLE, "Re-drive log not read yet", ex);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> kafkaNotAnswering(KafkaNotAnsweringException ex) {
		return problem(HttpStatus.SERVICE_UNAVAILABLE, "Kafka unavailable", ex);
	}

	private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String title, RuntimeException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, ex.getMessage());
		problem.setTitle(title);
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

}

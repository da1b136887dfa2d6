package blog.pipeline.ingest.system;

import java.time.temporal.Temporal;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

import blog.pipeline.ingest.state.PostNotStoredException;
import blog.pipeline.ingest.state.StateNotReadyException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Answers every MVC error as RFC 9457 problem details. Bad request bodies get an {@code errors} array naming each
 * field at fault by its JSON pointer.
 */
@RestControllerAdvice
class ProblemHandling extends ResponseEntityExceptionHandler {

	static final String ERRORS = "errors";

	private final IngestProperties properties;

	ProblemHandling(IngestProperties properties) {
		this.properties = properties;
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> notStored(PostNotStoredException ex) {
		return unavailable("Kafka did not acknowledge the change in time, so it was not accepted. Send it again later"
				+ " (with the same Idempotency-Key, if you used one).");
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> notReady(StateNotReadyException ex) {
		return unavailable("Ingest has not read its state back from Kafka yet (starting, or Kafka unreachable), so "
				+ "it cannot decide changes. Send it again later.");
	}

	private ResponseEntity<ProblemDetail> unavailable(String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, detail);
		problem.setTitle("Event store unavailable");
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, String.valueOf(this.properties.retryAfter().toSeconds()))
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(problem);
	}

	/** The constraint of a draft's Markdown limits ({@code MarkdownWithinLimits}), by its Bean Validation code. */
	private static final String BEYOND_LIMITS = "MarkdownWithinLimits";

	private static final Comparator<InvalidField> BY_POINTER = Comparator.comparing(InvalidField::pointer)
		.thenComparing(InvalidField::detail);

	@Override
	protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<InvalidField> errors = ex.getBindingResult()
			.getAllErrors()
			.stream()
			.map(ProblemHandling::invalidField)
			.sorted(BY_POINTER)
			.toList();
		// A draft that is well-formed but beyond the documented limits of its Markdown is unprocessable, not malformed.
		if (ex.getBindingResult().getAllErrors().stream().anyMatch((error) -> BEYOND_LIMITS.equals(error.getCode()))) {
			status = HttpStatus.UNPROCESSABLE_CONTENT;
		}
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status,
				(errors.size() == 1) ? "The request has 1 invalid field; see errors."
						: "The request has " + errors.size() + " invalid fields; see errors.");
		problem.setProperty(ERRORS, errors);
		return handleExceptionInternal(ex, problem, headers, status, request);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof RequestSizeLimitFilter.RequestTooLargeException tooLarge) {
				HttpStatus tooLargeStatus = HttpStatus.CONTENT_TOO_LARGE;
				return handleExceptionInternal(ex, ProblemDetail.forStatusAndDetail(tooLargeStatus,
						tooLarge.getMessage()), headers, tooLargeStatus, request);
			}
			if (cause instanceof StrictUtf8Filter.MalformedUtf8Exception malformed) {
				return handleExceptionInternal(ex, ProblemDetail.forStatusAndDetail(status, malformed.getMessage()),
						headers, status, request);
			}
		}
		return handleExceptionInternal(ex, unreadable(ex, status), headers, status, request);
	}

	private static InvalidField invalidField(ObjectError error) {
		String pointer = (error instanceof FieldError fieldError) ? JsonPointers.fromPropertyPath(fieldError.getField())
				: "";
		String detail = error.getDefaultMessage();
		return new InvalidField(pointer, (detail != null) ? detail : "is invalid");
	}

	private static ProblemDetail unreadable(HttpMessageNotReadableException ex, HttpStatusCode status) {
		JacksonException cause = jacksonCause(ex);
		if (cause instanceof UnrecognizedPropertyException unknown) {
			String pointer = JsonPointers.fromJacksonPath(unknown.getPath());
			return withErrors(status, "Unknown field '" + unknown.getPropertyName() + "' at " + pointer + ".",
					new InvalidField(pointer, "is not a field of this API"));
		}
		if (cause instanceof MismatchedInputException mismatch) {
			String pointer = JsonPointers.fromJacksonPath(mismatch.getPath());
			String expected = "must be " + expected(mismatch.getTargetType());
			String where = pointer.isEmpty() ? "The request body" : "The field at " + pointer;
			return withErrors(status, where + " has the wrong type: it " + expected + ".",
					new InvalidField(pointer, expected));
		}
		if (cause instanceof StreamReadException malformed) {
			return ProblemDetail.forStatusAndDetail(status,
					"Malformed JSON" + at(malformed.getLocation()) + ": " + malformed.getOriginalMessage());
		}
		if (cause != null) {
			return ProblemDetail.forStatusAndDetail(status, "Unreadable JSON: " + cause.getOriginalMessage());
		}
		return ProblemDetail.forStatusAndDetail(status, "The request body is missing or unreadable; send JSON.");
	}

	private static ProblemDetail withErrors(HttpStatusCode status, String detail, InvalidField error) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setProperty(ERRORS, List.of(error));
		return problem;
	}

	private static @Nullable JacksonException jacksonCause(Throwable ex) {
		for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
			if (cause instanceof JacksonException jackson) {
				return jackson;
			}
		}
		return null;
	}

	private static String at(@Nullable TokenStreamLocation location) {
		if (location == null || location.getLineNr() < 1) {
			return "";
		}
		return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
	}

	private static String expected(@Nullable Class<?> type) {
		if (type == null) {
			return "of another type";
		}
		if (Temporal.class.isAssignableFrom(type)) {
			return "an ISO-8601 date-time with an offset, e.g. 2025-05-01T09:00:00+02:00";
		}
		if (CharSequence.class.isAssignableFrom(type) || type.isEnum()) {
			return "a string";
		}
		if (Collection.class.isAssignableFrom(type) || type.isArray()) {
			return "an array";
		}
		if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
			return "a number";
		}
		if (type == Boolean.class || type == boolean.class) {
			return "true or false";
		}
		return "an object";
	}

}

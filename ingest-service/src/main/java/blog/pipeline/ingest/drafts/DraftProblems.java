package blog.pipeline.ingest.drafts;

import java.util.List;

import blog.pipeline.ingest.system.InvalidField;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The draft API's own errors, each answered as problem details with its status. */
final class DraftProblems {

	private DraftProblems() {
	}

	/** No post has this id. */
	static class PostNotFoundException extends ErrorResponseException {

		PostNotFoundException(String postId) {
			super(HttpStatus.NOT_FOUND, problem(HttpStatus.NOT_FOUND, "Post not found", "No post has the id '"
					+ postId + "'. Create posts with POST /api/posts; their ids are in its answer."), null);
		}

	}

	/** {@code If-Match} named a version that is no longer the post's latest. */
	static class VersionMismatchException extends ErrorResponseException {

		VersionMismatchException(String postId, String ifMatch, long current) {
			super(HttpStatus.PRECONDITION_FAILED, problem(HttpStatus.PRECONDITION_FAILED, "Post changed meanwhile",
					"If-Match " + ifMatch + " does not match post " + postId + ", which is at version " + current
							+ " (ETag \"" + current + "\"). GET it, merge, and send again."),
					null);
			getBody().setProperty("currentVersion", current);
			getHeaders().setETag("\"" + current + "\"");
		}

	}

	/** Another post holds the slug. */
	static class SlugTakenException extends ErrorResponseException {

		SlugTakenException(String slug, String holder) {
			super(HttpStatus.CONFLICT, problem(HttpStatus.CONFLICT, "Slug taken",
					"The slug '" + slug + "' belongs to post " + holder + ". Choose another slug (field 'slug')."),
					null);
			getBody().setProperty("holder", holder);
			getBody().setProperty("errors", List.of(new InvalidField("/slug", "is held by post " + holder)));
		}

	}

	/** An {@code Idempotency-Key} came back with a different request. */
	static class IdempotencyKeyReusedException extends ErrorResponseException {

		IdempotencyKeyReusedException() {
			super(HttpStatus.UNPROCESSABLE_CONTENT,
					problem(HttpStatus.UNPROCESSABLE_CONTENT, "Idempotency-Key reused",
							"This Idempotency-Key was already used for a different request. Use a new key for a new "
									+ "request; send the same request to repeat one."),
					null);
		}

	}

	/** An {@code Idempotency-Key} header that is empty, too long or has characters outside visible ASCII. */
	static class InvalidIdempotencyKeyException extends ErrorResponseException {

		InvalidIdempotencyKeyException(int length) {
			super(HttpStatus.BAD_REQUEST, problem(HttpStatus.BAD_REQUEST, "Invalid Idempotency-Key",
					"The Idempotency-Key header must be 1 to " + IdempotencyKeys.MAX_LENGTH
							+ " visible ASCII characters (letters, digits, punctuation; no spaces or control "
							+ "characters); this one has " + length + " characters. A UUID is a good key."),
					null);
			getBody().setProperty("header", IdempotencyKeys.HEADER);
		}

	}

	private static ProblemDetail problem(HttpStatus status, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		return problem;
	}

}

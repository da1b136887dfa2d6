package blog.pipeline.publish.changelog;

/** A state topic partition could not be read to its end; the batch that needed it is retried. */
public class ChangelogReadException extends RuntimeException {

	ChangelogReadException(String message) {
		super(message);
	}

	ChangelogReadException(String message, Throwable cause) {
		super(message, cause);
	}

}

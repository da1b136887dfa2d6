package blog.pipeline.publish.posts;

/** A record on the rendered topic that can never be published as it is; it goes to the dead-letter topic. */
public class InvalidPostEventException extends RuntimeException {

	InvalidPostEventException(String message) {
		super(message);
	}

}

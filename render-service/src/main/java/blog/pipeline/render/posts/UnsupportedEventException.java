package blog.pipeline.render.posts;

/** A record on the submitted-posts topic that render-service has no use for (wrong event type or no value). */
public class UnsupportedEventException extends RuntimeException {

	public UnsupportedEventException(String message) {
		super(message);
	}

}

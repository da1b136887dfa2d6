package blog.pipeline.render.posts;

/**
 * Rendering one record threw an {@link Error} that concerns that record alone (a stack overflow on a draft nested
 * deeper than the renderer can follow); rendering it again would throw again, so it is dead-lettered.
 */
public class RenderingErrorException extends RuntimeException {

	public RenderingErrorException(String message, Throwable cause) {
		super(message, cause);
	}

}

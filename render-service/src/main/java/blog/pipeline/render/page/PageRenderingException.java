package blog.pipeline.render.page;

/** The page template could not be applied to a post; retrying the same post would fail the same way. */
public class PageRenderingException extends RuntimeException {

	public PageRenderingException(String message, Throwable cause) {
		super(message, cause);
	}

}

package blog.pipeline.publish.bucket;

/** The kinds of object the site is made of; each has its content type (with charset) and its cache policy. */
public enum ContentKind {

	/** Pages. */
	HTML("text/html; charset=utf-8"),

	/** Atom feeds. */
	ATOM("application/atom+xml; charset=utf-8"),

	/** Sitemaps. */
	XML("application/xml; charset=utf-8"),

	/** The content-hashed stylesheet. */
	CSS("text/css; charset=utf-8");

	private final String contentType;

	ContentKind(String contentType) {
		this.contentType = contentType;
	}

	public String contentType() {
		return this.contentType;
	}

}

package blog.pipeline.publish.catalog;

/** The catalog topic could not be read to its end at startup; the service must not consume without it. */
class CatalogLoadException extends RuntimeException {

	CatalogLoadException(String message) {
		super(message);
	}

	CatalogLoadException(String message, Throwable cause) {
		super(message, cause);
	}

}

package blog.pipeline.publish.catalog;

/** Kafka did not acknowledge catalog records in time; the batch is retried, nothing is committed. */
public class CatalogWriteException extends RuntimeException {

	CatalogWriteException(String message, Throwable cause) {
		super(message, cause);
	}

}

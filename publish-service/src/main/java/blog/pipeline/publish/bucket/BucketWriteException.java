package blog.pipeline.publish.bucket;

import software.amazon.awssdk.core.exception.SdkException;

/** The bucket refused or could not be reached for a write; transient by nature, the batch is retried. */
public class BucketWriteException extends RuntimeException {

	BucketWriteException(String message, SdkException cause) {
		super(message, cause);
	}

}

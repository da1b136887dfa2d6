package blog.pipeline.publish.system;

import java.util.concurrent.TimeoutException;

import blog.pipeline.publish.authorindex.IndexSendException;
import blog.pipeline.publish.bucket.BucketWriteException;
import blog.pipeline.publish.catalog.CatalogWriteException;
import blog.pipeline.publish.changelog.ChangelogReadException;
import org.apache.kafka.common.errors.RetriableException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Tells failures of the infrastructure (the bucket, Kafka, reading state back from Kafka) that heal by themselves
 * from failures of a record: the former are retried until they pass, the latter end in the dead-letter topic.
 */
final class TransientFailures {

	private static final int MAX_DEPTH = 32;

	private TransientFailures() {
	}

	static boolean isTransient(Throwable failure) {
		Throwable cause = failure;
		for (int depth = 0; cause != null && depth < MAX_DEPTH; depth++) {
			if (cause instanceof SdkException || cause instanceof RetriableException
					|| cause instanceof TimeoutException || cause instanceof BucketWriteException
					|| cause instanceof ChangelogReadException || cause instanceof IndexSendException
					|| cause instanceof CatalogWriteException) {
				return true;
			}
			cause = (cause.getCause() != cause) ? cause.getCause() : null;
		}
		return false;
	}

}

package blog.pipeline.publish.authorindex;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Kafka did not acknowledge index records in time; the batch is retried, nothing is committed. */
public class IndexSendException extends RuntimeException {

	IndexSendException(String message, Throwable cause) {
		super(message, cause);
	}

	/** Waits for every send; throws if one failed or they took longer than {@code timeout}. */
	public static void await(List<CompletableFuture<?>> sends, Duration timeout, String topic) {
		try {
			CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
				.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			throw new IndexSendException("Could not write " + sends.size() + " records to " + topic, ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new IndexSendException(
					"Kafka did not acknowledge " + sends.size() + " records to " + topic + " within " + timeout, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IndexSendException("Interrupted while writing records to " + topic, ex);
		}
	}

}

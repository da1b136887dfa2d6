package blog.pipeline.ingest.ops;

/** Kafka did not answer an operator's read or re-drive in time; answered 503, nothing was changed. */
class KafkaNotAnsweringException extends RuntimeException {

	KafkaNotAnsweringException(String message) {
		super(message);
	}

	KafkaNotAnsweringException(String message, Throwable cause) {
		super(message, cause);
	}

}

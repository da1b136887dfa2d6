package blog.pipeline.ingest.ops;

/** No dead letter lies at the position an operator named (wrong topic, partition or offset, or deleted by retention). */
class NoSuchDeadLetterException extends RuntimeException {

	NoSuchDeadLetterException(Position position) {
		super("No dead letter at " + position + ": the topic must be a dead-letter topic (*.DLT) holding that "
				+ "partition and offset.");
	}

}

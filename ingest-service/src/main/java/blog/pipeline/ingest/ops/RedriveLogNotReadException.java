package blog.pipeline.ingest.ops;

/** Ingest has not read the re-drive log back yet, so it cannot tell which dead letters were already re-driven. */
class RedriveLogNotReadException extends RuntimeException {

	RedriveLogNotReadException() {
		super("Ingest has not read back which dead letters were already re-driven (starting, or Kafka unreachable); "
				+ "try again shortly.");
	}

}

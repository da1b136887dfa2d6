package blog.pipeline.ingest.state;

/**
 * Another ingest instance took over the state writer's transactional id, so this instance's open transaction was
 * aborted: nothing of it was stored, and its changes must be decided again once this instance took over again.
 */
class WriterFencedException extends RuntimeException {

	WriterFencedException(Throwable cause) {
		super("Another ingest instance took over writing the state: " + cause, cause);
	}

}

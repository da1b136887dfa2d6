package blog.pipeline.ingest.replay;

/** A replay was asked to start while another one runs; one at a time keeps the throttle meaningful. */
class ReplayRunningException extends RuntimeException {

	private final String replayId;

	ReplayRunningException(String replayId) {
		super("Replay " + replayId
				+ " is still running; follow it at GET /ops/replay or stop it with DELETE /ops/replay");
		this.replayId = replayId;
	}

	String replayId() {
		return this.replayId;
	}

}

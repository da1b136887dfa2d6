package blog.pipeline.ingest.ops;

/**
 * A dead letter that must not be re-driven (see {@link RedriveTargets}): answered 422, nothing written, logged and
 * counted by {@link Reason}.
 */
class RedriveRefusedException extends RuntimeException {

	/** Why; the tag of {@code pipeline.dead.letters.redrive.refused} (a fixed set, never the requested topic). */
	enum Reason {

		/** The letter's topic is not the dead-letter topic of a re-drivable topic. */
		NOT_REDRIVABLE("not-redrivable"),

		/** The letter's original-topic header names another topic than its dead-letter topic's. */
		INCONSISTENT("inconsistent");

		private final String tag;

		Reason(String tag) {
			this.tag = tag;
		}

		String tag() {
			return this.tag;
		}

	}

	private final Position position;

	private final Reason reason;

	RedriveRefusedException(Position position, Reason reason, String why) {
		super("The dead letter at " + RedriveTargets.printable(position.topic()) + "/" + position.partition() + "/"
				+ position.offset() + " is not re-driven: " + why);
		this.position = position;
		this.reason = reason;
	}

	Position position() {
		return this.position;
	}

	Reason reason() {
		return this.reason;
	}

}

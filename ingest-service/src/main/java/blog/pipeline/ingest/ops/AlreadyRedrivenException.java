package blog.pipeline.ingest.ops;

import java.time.Instant;

/** The dead letter was re-driven before; re-driving it again would send its record twice. */
class AlreadyRedrivenException extends RuntimeException {

	AlreadyRedrivenException(Position position, Instant at) {
		super("The dead letter at " + position + " was already re-driven at " + at + "; it is not sent twice.");
	}

}

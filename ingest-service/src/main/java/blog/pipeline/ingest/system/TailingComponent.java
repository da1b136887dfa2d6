package blog.pipeline.ingest.system;

import org.springframework.context.SmartLifecycle;

/**
 * A component that reads topics with a {@link TopicTailer} and lives as long as it: the tailer starts and stops with
 * the application.
 */
public interface TailingComponent extends SmartLifecycle {

	/** The tailer this component reads with. */
	TopicTailer tailer();

	@Override
	default void start() {
		tailer().start();
	}

	@Override
	default void stop() {
		tailer().stop();
	}

	@Override
	default boolean isRunning() {
		return tailer().isRunning();
	}

}

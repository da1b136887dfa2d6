package blog.pipeline.publish;

import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;

/**
 * A setup step the listeners need (topics created, bucket prepared), run when the application starts, before the
 * listener containers: tried at once, then retried in the background with capped backoff until it succeeds, so the
 * service starts without its broker or bucket; its health, and so readiness, stays down until then.
 */
public abstract class SetupStep implements SmartLifecycle {

	private final String description;

	private final OperationsProperties operations;

	private volatile @Nullable BackgroundRetry setup;

	protected SetupStep(String description, OperationsProperties operations) {
		this.description = description;
		this.operations = operations;
	}

	/** Does the step; throws to have it retried. */
	protected abstract void perform();

	/** Whether the step succeeded. */
	public boolean isDone() {
		BackgroundRetry setup = this.setup;
		return setup != null && setup.isDone();
	}

	@Override
	public void start() {
		this.setup = BackgroundRetry.start(this.description, this::perform, this.operations.setupRetryInitial(),
				this.operations.setupRetryMax());
	}

	@Override
	public void stop() {
		BackgroundRetry setup = this.setup;
		if (setup != null) {
			setup.close();
		}
		this.setup = null;
	}

	@Override
	public boolean isRunning() {
		return this.setup != null;
	}

	@Override
	public int getPhase() {
		// before the listener containers
		return AbstractMessageListenerContainer.DEFAULT_PHASE - 100;
	}

}

package blog.pipeline.publish.tracing;

import java.util.function.Supplier;

import io.micrometer.observation.Observation;

/**
 * A value on its way to Kafka together with the observation of the consumed record it came from, so that its send
 * (observed by the {@code KafkaTemplate}) continues that record's trace.
 *
 * @param value what is sent
 * @param observation the observation of the record it came from
 * @param <T> the type of the value
 */
public record Traced<T>(T value, Observation observation) {

	/** A value that continues no trace of its own. */
	public static <T> Traced<T> untraced(T value) {
		return new Traced<>(value, Observation.NOOP);
	}

	/** Runs {@code send} in the scope of the value's observation. */
	public <R> R inScope(Supplier<R> send) {
		return this.observation.scoped(send);
	}

}

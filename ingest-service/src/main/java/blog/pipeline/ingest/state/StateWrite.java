package blog.pipeline.ingest.state;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * One record of a state transaction, serialized.
 *
 * @param value the record as an object (for logs and tests)
 * @param bytes its serialized value, or {@code null} for a tombstone
 * @param parent the observation of the request that caused it, so its trace continues in an event's headers (state
 * records carry no trace)
 */
record StateWrite(String topic, String key, @Nullable Object value, byte @Nullable [] bytes,
		@Nullable Observation parent) {

	int size() {
		return this.key.length() + ((this.bytes != null) ? this.bytes.length : 0);
	}

}

package blog.pipeline.ingest.replay;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How fast a full replay may go, so live publishing keeps its speed meanwhile.
 *
 * @param rate posts per second a replay sends when the request names no rate (env {@code REPLAY_RATE})
 * @param maxRate the highest rate a request may ask for
 * @param maxInFlight how many replayed posts may be sent but not yet published (or failed) at once: the replay waits
 * when publish falls behind, so live posts never queue behind more than this many replayed ones (env
 * {@code REPLAY_MAX_IN_FLIGHT})
 * @param completionCheck how often a running replay checks whether every post got through
 */
@ConfigurationProperties("pipeline.replay")
public record ReplayProperties(@DefaultValue("50") int rate, @DefaultValue("1000") int maxRate,
		@DefaultValue("200") int maxInFlight, @DefaultValue("250ms") Duration completionCheck) {

	public ReplayProperties {
		if (rate < 1 || rate > maxRate) {
			throw new IllegalArgumentException("pipeline.replay.rate must be between 1 and pipeline.replay.max-rate ("
					+ maxRate + "), was " + rate);
		}
		if (maxInFlight < 1) {
			throw new IllegalArgumentException("pipeline.replay.max-in-flight must be at least 1, was " + maxInFlight);
		}
	}

}

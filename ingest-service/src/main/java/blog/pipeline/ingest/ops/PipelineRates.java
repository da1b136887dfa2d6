package blog.pipeline.ingest.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLongArray;

import blog.pipeline.events.PostEvent;
import blog.pipeline.events.PostPublished;
import blog.pipeline.events.Topics;
import blog.pipeline.ingest.system.TailingComponent;
import blog.pipeline.ingest.system.TopicTailer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;

/**
 * Throughput per stage (records per minute on {@code posts.submitted}, {@code posts.rendered} and
 * {@code posts.published}, by record time) and the submit-to-live latency of the posts published (from each
 * {@link PostPublished}'s accepted and published times), over the recent {@link OpsProperties#window()}. Learned by
 * following those topics, on every instance; older records are skipped unread.
 */
@Component
class PipelineRates implements TailingComponent {

	static final List<String> STAGES = List.of("accepted", "rendered", "published");

	private static final List<String> TOPICS = List.of(Topics.POSTS_SUBMITTED, Topics.POSTS_RENDERED,
			Topics.POSTS_PUBLISHED);

	/** Latencies kept at most; beyond, the oldest go first. */
	private static final int MAX_SAMPLES = 10_000;

	/** Records per stage (in {@link #STAGES} order), by epoch minute. */
	private final ConcurrentSkipListMap<Long, AtomicLongArray> minutes = new ConcurrentSkipListMap<>();

	/** Submit-to-live latencies of published posts, oldest first. */
	private final Deque<Sample> latencies = new ArrayDeque<>();

	private final JsonMapper json = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private final Clock clock;

	private final Duration window;

	private final TopicTailer tailer;

	PipelineRates(KafkaProperties kafka, OpsProperties properties, Clock clock) {
		this.clock = clock;
		this.window = properties.window();
		this.tailer = new TopicTailer("ingest-rates-reader", kafka.buildConsumerProperties(), TOPICS, this::record,
				() -> {
				}).inBatches();
	}

	/** Records per stage and minute, the current minute last, one entry per minute of the window. */
	List<Minute> throughput() {
		long now = minuteOf(this.clock.instant());
		long first = now - this.window.toMinutes() + 1;
		this.minutes.headMap(first).clear();
		List<Minute> result = new ArrayList<>();
		for (long minute = first; minute <= now; minute++) {
			AtomicLongArray counts = this.minutes.get(minute);
			result.add(new Minute(Instant.ofEpochSecond(minute * 60),
					(counts != null) ? counts.get(0) : 0, (counts != null) ? counts.get(1) : 0,
					(counts != null) ? counts.get(2) : 0));
		}
		return result;
	}

	/** The submit-to-live latency of posts published within the window. */
	synchronized Latency latency() {
		Instant since = this.clock.instant().minus(this.window);
		while (!this.latencies.isEmpty() && this.latencies.peekFirst().publishedAt().isBefore(since)) {
			this.latencies.pollFirst();
		}
		long[] millis = this.latencies.stream().mapToLong(Sample::millis).sorted().toArray();
		return new Latency(millis.length, percentile(millis, 0.50), percentile(millis, 0.99));
	}

	/** The nearest-rank percentile, {@code null} without samples. */
	static @Nullable Long percentile(long[] sorted, double quantile) {
		if (sorted.length == 0) {
			return null;
		}
		int rank = (int) Math.ceil(quantile * sorted.length);
		return sorted[Math.max(0, rank - 1)];
	}

	void record(ConsumerRecord<String, byte @Nullable []> record) {
		Instant at = Instant.ofEpochMilli(record.timestamp());
		if (at.isBefore(this.clock.instant().minus(this.window))) {
			return;
		}
		int stage = TOPICS.indexOf(record.topic());
		this.minutes.computeIfAbsent(minuteOf(at), (minute) -> new AtomicLongArray(STAGES.size()))
			.incrementAndGet(stage);
		byte[] value = record.value();
		if (record.topic().equals(Topics.POSTS_PUBLISHED) && value != null
				&& this.json.readValue(value, PostEvent.class) instanceof PostPublished published) {
			addSample(new Sample(published.publishedAt(),
					Duration.between(published.acceptedAt(), published.publishedAt()).toMillis()));
		}
	}

	private synchronized void addSample(Sample sample) {
		if (this.latencies.size() == MAX_SAMPLES) {
			this.latencies.pollFirst();
		}
		this.latencies.addLast(sample);
	}

	private static long minuteOf(Instant at) {
		return Math.floorDiv(at.getEpochSecond(), 60);
	}

	/** Records per stage in one minute starting at {@code start}. */
	record Minute(Instant start, long accepted, long rendered, long published) {

	}

	/**
	 * Submit-to-live latency in milliseconds.
	 *
	 * @param posts how many published posts the figures rest on
	 */
	record Latency(int posts, @Nullable Long p50Millis, @Nullable Long p99Millis) {

	}

	private record Sample(Instant publishedAt, long millis) {

	}

	@Override
	public TopicTailer tailer() {
		return this.tailer;
	}

}

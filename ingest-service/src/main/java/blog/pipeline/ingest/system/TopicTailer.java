package blog.pipeline.ingest.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every partition of some topics from the beginning and then keeps following them, on its own thread, without
 * a consumer group: every ingest instance sees every record. Values arrive as bytes (a poison record cannot stop the
 * reader); only committed records are read.
 */
public final class TopicTailer {

	private static final Logger log = LoggerFactory.getLogger(TopicTailer.class);

	private static final Duration POLL = Duration.ofMillis(200);

	private static final Duration BACKOFF = Duration.ofMillis(500);

	/** A tailer {@link #inBatches() in batches} fetches when this much data is there, or after {@link #BATCH_WAIT}. */
	static final int BATCH_BYTES = 1024 * 1024;

	static final Duration BATCH_WAIT = Duration.ofMillis(250);

	/** Handles one record; an exception is logged and the record skipped. */
	@FunctionalInterface
	public interface RecordHandler {

		void handle(ConsumerRecord<String, byte @Nullable []> record);

	}

	private final String name;

	private final Map<String, Object> consumerProperties;

	private final List<String> topics;

	private final RecordHandler handler;

	private final Runnable caughtUp;

	private volatile boolean running;

	private @Nullable Thread thread;

	private @Nullable KafkaConsumer<String, byte[]> consumer;

	/** The position reached in each partition: every record before it was handled. */
	private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();

	/**
	 * @param baseProperties the service's consumer properties (bootstrap servers, security); deserializers, group and
	 * isolation are set here
	 * @param caughtUp called once, when every partition was read up to the end it had at start
	 */
	public TopicTailer(String name, Map<String, Object> baseProperties, List<String> topics, RecordHandler handler,
			Runnable caughtUp) {
		Map<String, Object> properties = KafkaClients.groupless(baseProperties);
		properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		properties.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
		properties.put(ConsumerConfig.CLIENT_ID_CONFIG, name + "-" + Integer.toHexString(System.identityHashCode(this)));
		this.name = name;
		this.consumerProperties = properties;
		this.topics = List.copyOf(topics);
		this.handler = handler;
		this.caughtUp = caughtUp;
	}

	/**
	 * Lets each fetch wait for {@link #BATCH_BYTES} or {@link #BATCH_WAIT}, whichever comes first, instead of
	 * answering as soon as one record is there: for a tailer no request waits on (views for operators), which under a
	 * steady stream of posts would otherwise fetch, and have the broker answer, once per record or two. Call before
	 * {@link #start}.
	 */
	public TopicTailer inBatches() {
		this.consumerProperties.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, BATCH_BYTES);
		this.consumerProperties.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) BATCH_WAIT.toMillis());
		return this;
	}

	/** The settings of the consumer each {@link #start} creates. */
	Map<String, Object> consumerProperties() {
		return Map.copyOf(this.consumerProperties);
	}

	public synchronized void start() {
		if (this.running) {
			return;
		}
		this.running = true;
		this.consumer = new KafkaConsumer<>(this.consumerProperties);
		Thread reader = new Thread(this::run, this.name);
		reader.setDaemon(true);
		this.thread = reader;
		reader.start();
	}

	public synchronized void stop() {
		this.running = false;
		KafkaConsumer<String, byte[]> current = this.consumer;
		if (current != null) {
			current.wakeup();
		}
		Thread reader = this.thread;
		if (reader != null) {
			try {
				reader.join(Duration.ofSeconds(10).toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.thread = null;
	}

	public boolean isRunning() {
		return this.running;
	}

	private void run() {
		KafkaConsumer<String, byte[]> consumer = this.consumer;
		if (consumer == null) {
			return;
		}
		Map<TopicPartition, Long> endAtStart = null;
		try (consumer) {
			while (this.running) {
				try {
					if (endAtStart == null) {
						endAtStart = assignAll(consumer);
						if (endAtStart == null) {
							backOff();
							continue;
						}
					}
					for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
						handle(record);
					}
					recordPositions(consumer);
					if (!endAtStart.isEmpty() && reached(consumer, endAtStart)) {
						endAtStart = Map.of();
						log.info("{} read {} up to its end; following it", this.name, this.topics);
						this.caughtUp.run();
					}
				}
				catch (WakeupException ex) {
					// stop() asked to leave.
				}
				catch (KafkaException ex) {
					log.warn("{} could not read {} ({}); trying again", this.name, this.topics, ex.toString());
					backOff();
				}
			}
		}
		catch (KafkaException ex) {
			log.debug("{} closed with {}", this.name, ex.toString());
		}
	}

	/**
	 * Waits until every record before the given offsets was handled, at most {@code timeout}.
	 * @return whether it was
	 */
	public boolean awaitPositions(Map<TopicPartition, Long> offsets, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.positions) {
			while (!reached(offsets)) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return false;
				}
				try {
					this.positions.wait(Math.max(1, left / 1_000_000));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return false;
				}
			}
			return true;
		}
	}

	private boolean reached(Map<TopicPartition, Long> offsets) {
		return offsets.entrySet()
			.stream()
			.allMatch((offset) -> this.positions.getOrDefault(offset.getKey(), -1L) >= offset.getValue());
	}

	private void recordPositions(KafkaConsumer<String, byte[]> consumer) {
		for (TopicPartition partition : consumer.assignment()) {
			this.positions.put(partition, consumer.position(partition));
		}
		synchronized (this.positions) {
			this.positions.notifyAll();
		}
	}

	private @Nullable Map<TopicPartition, Long> assignAll(KafkaConsumer<String, byte[]> consumer) {
		List<TopicPartition> partitions = new ArrayList<>();
		for (String topic : this.topics) {
			List<PartitionInfo> infos = consumer.partitionsFor(topic);
			if (infos == null || infos.isEmpty()) {
				log.info("{} waits for topic {} to exist", this.name, topic);
				return null;
			}
			infos.forEach((info) -> partitions.add(new TopicPartition(info.topic(), info.partition())));
		}
		consumer.assign(partitions);
		consumer.seekToBeginning(partitions);
		Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions));
		if (end.values().stream().allMatch((offset) -> offset == 0)) {
			log.info("{} found {} empty; following it", this.name, this.topics);
			this.caughtUp.run();
			return Map.of();
		}
		return end;
	}

	private static boolean reached(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
		for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
			if (consumer.position(partition.getKey()) < partition.getValue()) {
				return false;
			}
		}
		return true;
	}

	private void handle(ConsumerRecord<String, byte[]> record) {
		try {
			this.handler.handle(record);
		}
		catch (RuntimeException ex) {
			log.warn("{} skipped {}-{}@{}: {}", this.name, record.topic(), record.partition(), record.offset(),
					ex.toString());
		}
	}

	private void backOff() {
		try {
			Thread.sleep(BACKOFF.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.running = false;
		}
	}

}

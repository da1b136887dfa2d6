package blog.pipeline.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * The {@code pipeline.consumer.lag{group,topic,partition}} gauges: for each listener container of this instance and
 * each partition assigned to it, the records its group has not committed yet (see {@link BrokerAdmin#lag}), read
 * through the admin client every {@code interval}, so a stuck or paused consumer still shows
 * its growing lag. Partitions another instance owns are reported by that instance.
 */

public class ConsumerLag implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ConsumerLag.class);

	private final KafkaListenerEndpointRegistry containers;

	private final BrokerAdmin broker;

	private final Duration timeout;

	private final Duration interval;

	private final MultiGauge gauges;

	private volatile @Nullable ScheduledExecutorService executor;

	/**
	 * @param timeout how long one refresh waits for the broker
	 * @param interval how often the gauges are refreshed
	 */
	public ConsumerLag(KafkaListenerEndpointRegistry containers, BrokerAdmin broker, Duration timeout,
			Duration interval, MeterRegistry meters) {
		this.containers = containers;
		this.broker = broker;
		this.timeout = timeout;
		this.interval = interval;
		this.gauges = MultiGauge.builder("pipeline.consumer.lag")
			.description("Records of a partition the consumer group has not committed yet")
			.register(meters);
	}

	@Override
	public void start() {
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "consumer-lag");
			thread.setDaemon(true);
			return thread;
		});
		long interval = this.interval.toMillis();
		executor.scheduleWithFixedDelay(this::refresh, interval, interval, TimeUnit.MILLISECONDS);
		this.executor = executor;
	}

	void refresh() {
		List<MultiGauge.Row<?>> rows = new ArrayList<>();
		try {
			for (MessageListenerContainer container : this.containers.getListenerContainers()) {
				String group = container.getGroupId();
				Collection<TopicPartition> assigned = container.getAssignedPartitions();
				if (group == null || assigned == null) {
					continue;
				}
				Map<TopicPartition, Long> lag = this.broker.lag(group, assigned, this.timeout);
				lag.forEach((partition, records) -> rows.add(MultiGauge.Row.of(Tags.of("group", group, "topic",
						partition.topic(), "partition", Integer.toString(partition.partition())), records)));
			}
		}
		catch (RuntimeException ex) {
			// keep the last values; the Kafka health reports the broker
			log.debug("Could not refresh the consumer lag: {}", ex.toString());
			return;
		}
		this.gauges.register(rows, true);
	}

	@Override
	public void stop() {
		ScheduledExecutorService executor = this.executor;
		if (executor != null) {
			executor.shutdownNow();
		}
		this.executor = null;
	}

	@Override
	public boolean isRunning() {
		return this.executor != null;
	}

}

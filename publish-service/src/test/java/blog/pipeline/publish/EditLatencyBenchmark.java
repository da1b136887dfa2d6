package blog.pipeline.publish;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import blog.pipeline.events.PostEvent;
import blog.pipeline.events.PostRendered;
import blog.pipeline.events.Topics;
import blog.pipeline.stack.FreePorts;
import blog.pipeline.stack.S3ProxyServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.util.FileSystemUtils;

/**
 * The publish stages under edits (issue 9; not a test): loads the corpus of {@code make-corpus.py} as rendered posts
 * (timing the bulk load until every post is announced), then sends edits of random live posts at a steady rate (the
 * whole-pipeline benchmark's edit: the body gains a line, title and excerpt stay) and times each edit per stage from
 * the records the stages hand on: accepted → author index record (stage one: post page written), → site record (stage
 * two: author pages written), → {@code PostPublished} (stage three: site pages written, announced). Real broker
 * (embedded KRaft, 12 partitions), S3Proxy (own JVM), the service in this JVM. With {@code bench.jfr} a path, the last
 * round of edits is recorded with JFR's default settings (its profile settings overload this 2-core machine). Run:
 * {@code cd publish-service && mvn test-compile exec:exec -Pbench-edits} (see BENCHMARKS.md).
 */
public final class EditLatencyBenchmark {

	private static final Logger log = LoggerFactory.getLogger(EditLatencyBenchmark.class);

	private static final JsonMapper JSON = JsonMapper.shared();

	private EditLatencyBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int posts = Integer.getInteger("bench.posts", 10_000);
		int authors = Integer.getInteger("bench.authors", 100);
		int edits = Integer.getInteger("bench.edits", 400);
		int rounds = Integer.getInteger("bench.rounds", 3);
		double rate = Double.parseDouble(System.getProperty("bench.rate", "28"));
		String jfr = System.getProperty("bench.jfr", "");
		Path script = Path.of(System.getProperty("bench.corpus", "../../shared/bench/make-corpus.py"));
		Path work = Files.createTempDirectory("publish-edits");
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 12);
		broker.brokerProperty("auto.create.topics.enable", "false");
		broker.brokerProperty("group.initial.rebalance.delay.ms", "0");
		List<String> report = new ArrayList<>();
		try {
			Path drafts = CorpusPublishBenchmark.drafts(script, work, posts, authors);
			Files.createDirectories(work.resolve("s3"));
			broker.afterPropertiesSet();
			String bootstrap = broker.getBrokersAsString();
			try (S3ProxyServer s3 = S3ProxyServer.start(work.resolve("s3"), FreePorts.next(), "bench", "bench-secret");
					ConfigurableApplicationContext app = new SpringApplicationBuilder(PublishServiceApplication.class)
						.run("--spring.main.web-application-type=none", "--spring.kafka.bootstrap-servers=" + bootstrap,
								"--pipeline.s3.endpoint=" + s3.endpoint(), "--pipeline.s3.access-key=bench",
								"--pipeline.s3.secret-key=bench-secret", "--logging.level.blog.pipeline=WARN");
					KafkaProducer<String, PostEvent> producer = CorpusPublishBenchmark.producer(bootstrap);
					Watcher watcher = new Watcher(bootstrap)) {
				List<PostRendered> corpus = CorpusPublishBenchmark.corpus(drafts, "");
				long start = System.nanoTime();
				for (PostRendered post : corpus) {
					producer.send(new ProducerRecord<>(Topics.POSTS_RENDERED, post.postId(), post));
				}
				producer.flush();
				Set<String> ids = new HashSet<>();
				corpus.forEach((post) -> ids.add(post.postId()));
				watcher.awaitLive(ids, 1, Duration.ofMinutes(30));
				double bulkSeconds = CorpusPublishBenchmark.seconds(start);
				report.add("bulk: " + corpus.size() + " posts live in " + CorpusPublishBenchmark.round(bulkSeconds)
						+ " s, " + CorpusPublishBenchmark.round(corpus.size() / bulkSeconds) + " posts/s");
				log.warn("{}", report.get(report.size() - 1));
				Random random = new Random(42);
				long[] versions = new long[corpus.size()];
				Arrays.fill(versions, 1);
				for (int round = 1; round <= rounds; round++) {
					Recording recording = null;
					if (!jfr.isEmpty() && round == rounds) {
						recording = new Recording(Configuration.getConfiguration("default"));
						recording.start();
					}
					List<Edit> sent = new ArrayList<>(edits);
					SiteStage before = SiteStage.of(app);
					long intervalNanos = (long) (1e9 / rate);
					long editsStart = System.nanoTime();
					for (int e = 0; e < edits; e++) {
						long due = editsStart + e * intervalNanos;
						long wait = due - System.nanoTime();
						if (wait > 0) {
							Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
						}
						int i = random.nextInt(corpus.size());
						PostRendered post = corpus.get(i);
						long version = ++versions[i];
						Instant now = Instant.now();
						PostRendered edit = new PostRendered(post.schemaVersion(), post.postId(), version, post.slug(),
								post.author(), post.title(),
								post.pageHtml().replace("</article>", "<p>Edit number " + e + ".</p></article>"),
								post.excerptHtml(), post.excerptText(), post.readingTimeMinutes(), post.coverImage(),
								post.tags(), post.publishedAt(), now, now);
						producer.send(new ProducerRecord<>(Topics.POSTS_RENDERED, post.postId(), edit));
						sent.add(new Edit(post.postId(), version, now.toEpochMilli()));
					}
					producer.flush();
					for (Edit edit : sent) {
						watcher.awaitLive(Set.of(edit.postId()), edit.version(), Duration.ofMinutes(2));
					}
					long roundNanos = System.nanoTime() - editsStart;
					SiteStage after = SiteStage.of(app);
					if (recording != null) {
						recording.stop();
						recording.dump(Path.of(jfr));
						recording.close();
					}
					report.addAll(stages(round, sent, watcher));
					report.addAll(after.since(before, roundNanos, app));
				}
			}
			log.warn("Corpus: {} posts by {} authors, {} edits per round at {}/s", posts, authors, edits, rate);
			report.forEach((line) -> log.warn("{}", line));
		}
		finally {
			broker.destroy();
			FileSystemUtils.deleteRecursively(work);
		}
	}

	private static List<String> stages(int round, List<Edit> sent, Watcher watcher) {
		List<Long> one = new ArrayList<>();
		List<Long> two = new ArrayList<>();
		List<Long> three = new ArrayList<>();
		List<Long> total = new ArrayList<>();
		for (Edit edit : sent) {
			String key = edit.postId() + "@" + edit.version();
			Long author = watcher.authorIndex.get(key);
			Long site = watcher.site.get(key);
			long published = watcher.published.get(key);
			if (author != null && site != null) {
				one.add(author - edit.acceptedMillis());
				two.add(site - author);
				three.add(published - site);
			}
			total.add(published - edit.acceptedMillis());
		}
		List<String> lines = new ArrayList<>();
		lines.add("round " + round + ", " + sent.size() + " edits (" + one.size()
				+ " traced per stage), ms p50 / p90 / p99:");
		lines.add("  accepted -> author index record (stage one) " + percentiles(one));
		lines.add("  author index -> site record (stage two)     " + percentiles(two));
		lines.add("  site record -> PostPublished (stage three)  " + percentiles(three));
		lines.add("  accepted -> PostPublished                   " + percentiles(total));
		return lines;
	}

	private static String percentiles(List<Long> millis) {
		List<Long> sorted = new ArrayList<>(millis);
		Collections.sort(sorted);
		if (sorted.isEmpty()) {
			return "-";
		}
		return String.format(Locale.ROOT, "%d / %d / %d", at(sorted, 0.5), at(sorted, 0.9), at(sorted, 0.99));
	}

	private static long at(List<Long> sorted, double quantile) {
		return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(quantile * sorted.size()) - 1));
	}

	private record Edit(String postId, long version, long acceptedMillis) {

	}

	/**
	 * The site stage's own meters at one moment ({@code pipeline.publish.site.batch} by step and
	 * {@code pipeline.s3.put.time} by kind: count and total time), so a round's figures are the difference of two.
	 */
	private record SiteStage(Map<String, long[]> timers) {

		private static final List<String> STEPS = List.of("render", "write", "announce");

		static SiteStage of(ConfigurableApplicationContext app) {
			MeterRegistry meters = app.getBean(MeterRegistry.class);
			Map<String, long[]> timers = new java.util.LinkedHashMap<>();
			for (Timer timer : meters.find("pipeline.publish.site.batch").timers()) {
				timers.put("step " + timer.getId().getTag("step"), snapshot(timer));
			}
			for (Timer timer : meters.find("pipeline.s3.put.time").timers()) {
				timers.put("put " + timer.getId().getTag("kind"), snapshot(timer));
			}
			return new SiteStage(timers);
		}

		private static long[] snapshot(Timer timer) {
			return new long[] { timer.count(), (long) timer.totalTime(TimeUnit.MICROSECONDS) };
		}

		/** The mean per batch of each step, the rest of the round's time per batch, and the mean put per kind. */
		List<String> since(SiteStage before, long roundNanos, ConfigurableApplicationContext app) {
			List<String> lines = new ArrayList<>();
			long batches = delta(before, "step render")[0];
			double busyMicros = 0;
			StringBuilder steps = new StringBuilder();
			for (String step : STEPS) {
				long[] d = delta(before, "step " + step);
				busyMicros += d[1];
				steps.append(String.format(Locale.ROOT, " %s %.1f", step, mean(d)));
			}
			lines.add(String.format(Locale.ROOT,
					"  site stage: %d batches in %.1f s, ms per batch:%s; busy %.0f %% of the round", batches,
					roundNanos / 1e9, steps, 100 * busyMicros / (roundNanos / 1e3)));
			StringBuilder puts = new StringBuilder();
			for (String key : this.timers.keySet()) {
				if (key.startsWith("put ")) {
					long[] d = delta(before, key);
					if (d[0] > 0) {
						puts.append(String.format(Locale.ROOT, " %s %d x %.1f ms", key.substring(4), d[0], mean(d)));
					}
				}
			}
			lines.add("  puts (all stages):" + puts);
			MessageListenerContainer container = app.getBean(KafkaListenerEndpointRegistry.class)
				.getListenerContainer("publish-site");
			if (container != null) {
				StringBuilder consumer = new StringBuilder();
				container.metrics()
					.values()
					.forEach((metrics) -> metrics.forEach((name, metric) -> {
						if (CONSUMER_METRICS.contains(name.name()) && !name.tags().containsKey("topic")
								&& metric.metricValue() instanceof Double value && !value.isNaN()) {
							consumer.append(String.format(Locale.ROOT, " %s=%.1f", name.name(), value));
						}
					}));
				lines.add("  site consumer (Kafka's windowed averages):" + consumer);
			}
			return lines;
		}

		private static final Set<String> CONSUMER_METRICS = Set.of("commit-latency-avg", "time-between-poll-avg",
				"poll-idle-ratio-avg", "records-per-request-avg", "fetch-latency-avg");

		private long[] delta(SiteStage before, String key) {
			long[] now = this.timers.getOrDefault(key, new long[2]);
			long[] then = before.timers().getOrDefault(key, new long[2]);
			return new long[] { now[0] - then[0], now[1] - then[1] };
		}

		private static double mean(long[] delta) {
			return (delta[0] == 0) ? 0 : delta[1] / 1000.0 / delta[0];
		}

	}

	/**
	 * Reads the author index, site and published topics from their end on, and keeps the time each post version's
	 * record was produced.
	 */
	private static final class Watcher implements AutoCloseable {

		private final Map<String, Long> authorIndex = new ConcurrentHashMap<>();

		private final Map<String, Long> site = new ConcurrentHashMap<>();

		private final Map<String, Long> published = new ConcurrentHashMap<>();

		private final Map<String, Long> latestLive = new ConcurrentHashMap<>();

		private final Thread thread;

		private volatile boolean running = true;

		Watcher(String bootstrap) throws InterruptedException {
			KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
					Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.ISOLATION_LEVEL_CONFIG,
							"read_committed"),
					new StringDeserializer(), new StringDeserializer());
			Object ready = new Object();
			this.thread = new Thread(() -> {
				try (consumer) {
					List<TopicPartition> partitions = new ArrayList<>();
					for (String topic : List.of(Topics.PUBLISH_AUTHOR_INDEX, Topics.PUBLISH_SITE_INDEX,
							Topics.POSTS_PUBLISHED)) {
						while (consumer.partitionsFor(topic).isEmpty()) {
							sleep();
						}
						consumer.partitionsFor(topic)
							.forEach((p) -> partitions.add(new TopicPartition(topic, p.partition())));
					}
					consumer.assign(partitions);
					consumer.seekToEnd(partitions);
					partitions.forEach(consumer::position);
					synchronized (ready) {
						ready.notifyAll();
					}
					while (this.running) {
						for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
							accept(record);
						}
					}
				}
			}, "edit-watcher");
			synchronized (ready) {
				this.thread.start();
				ready.wait();
			}
		}

		private static void sleep() {
			try {
				Thread.sleep(200);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

		private void accept(ConsumerRecord<String, String> record) {
			if (record.value() == null) {
				return;
			}
			JsonNode value = JSON.readTree(record.value());
			if (record.topic().equals(Topics.POSTS_PUBLISHED)) {
				if ("PostPublished".equals(value.path("type").asString())) {
					String postId = value.path("postId").asString();
					long version = value.path("version").asLong();
					this.published.putIfAbsent(postId + "@" + version, record.timestamp());
					this.latestLive.merge(postId, version, Math::max);
				}
				return;
			}
			JsonNode entry = value.path("entry");
			String key = entry.path("postId").asString() + "@" + entry.path("version").asLong();
			if (record.topic().equals(Topics.PUBLISH_AUTHOR_INDEX)) {
				if (value.path("primary").asBoolean()) {
					this.authorIndex.putIfAbsent(key, record.timestamp());
				}
			}
			else {
				this.site.putIfAbsent(key, record.timestamp());
			}
		}

		/** Waits until every post of {@code ids} has a version of at least {@code version} announced. */
		void awaitLive(Set<String> ids, long version, Duration timeout) throws InterruptedException {
			long deadline = System.nanoTime() + timeout.toNanos();
			for (String id : ids) {
				while (this.latestLive.getOrDefault(id, 0L) < version) {
					if (System.nanoTime() > deadline) {
						throw new IllegalStateException("Version " + version + " of " + id + " never went live");
					}
					Thread.sleep(5);
				}
			}
		}

		@Override
		public void close() throws InterruptedException {
			this.running = false;
			this.thread.join();
		}

	}

}

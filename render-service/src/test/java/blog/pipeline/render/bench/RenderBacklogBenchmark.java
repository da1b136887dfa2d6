package blog.pipeline.render.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import blog.pipeline.events.Author;
import blog.pipeline.events.CoverImage;
import blog.pipeline.events.Draft;
import blog.pipeline.events.PostEvent;
import blog.pipeline.events.PostRendered;
import blog.pipeline.events.PostSubmitted;
import blog.pipeline.events.Topics;
import blog.pipeline.render.RenderServiceApplication;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.support.serializer.JacksonJsonDeserializer;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.util.FileSystemUtils;

/**
 * How fast render-service drains a backlog (not a test): the drafts of {@code make-corpus.py} are written to
 * {@code posts.submitted} while no render instance runs, then the service starts and the time from its consumers'
 * partition assignment until every draft's PostRendered is visible to a {@code read_committed} reader is taken.
 * Rounds compare listener settings on the same embedded KRaft broker (12 partitions) and the same JVM, interleaved
 * (A B C, then C B A, ...) so the machine's load hits every setting alike; each round writes its own copy of the corpus
 * (own post ids) and the service resumes from the offsets the previous round committed. Settings:
 * <ul>
 * <li>{@code per-record}: {@code max.poll.records=1}, i.e. one offset commit per record (one Kafka transaction per
 * record until render went at-least-once in session 7, as the record listener did before);</li>
 * <li>{@code per-record-x4}: the same with 4 consumer threads ({@code spring.kafka.listener.concurrency=4});</li>
 * <li>{@code per-poll}: the service's defaults, one offset commit (until session 7: one transaction) per poll of up
 * to {@code max.poll.records};</li>
 * <li>{@code per-poll-x4}: the same with 4 consumer threads.</li>
 * </ul>
 * Run: {@code mvn -o -pl render-service -am test-compile -Pbench-backlog} (see BENCHMARKS.md).
 */
public final class RenderBacklogBenchmark {

	private static final Logger log = LoggerFactory.getLogger(RenderBacklogBenchmark.class);

	private static final JsonMapper JSON = JsonMapper.shared();

	private static final Map<String, List<String>> SETTINGS = settings();

	private RenderBacklogBenchmark() {
	}

	private static Map<String, List<String>> settings() {
		Map<String, List<String>> settings = new LinkedHashMap<>();
		settings.put("per-record", List.of("--spring.kafka.consumer.max-poll-records=1"));
		settings.put("per-record-x4",
				List.of("--spring.kafka.consumer.max-poll-records=1", "--spring.kafka.listener.concurrency=4"));
		settings.put("per-poll", List.of());
		settings.put("per-poll-x4", List.of("--spring.kafka.listener.concurrency=4"));
		return settings;
	}

	public static void main(String[] args) throws Exception {
		int posts = Integer.getInteger("bench.posts", 5000);
		int authors = Integer.getInteger("bench.authors", 50);
		int rounds = Integer.getInteger("bench.rounds", 3);
		List<String> names = Arrays.stream(System.getProperty("bench.settings", String.join(",", SETTINGS.keySet()))
			.split(","))
			.map(String::trim)
			.toList();
		Path script = Path.of(System.getProperty("bench.corpusScript", "../../shared/bench/make-corpus.py"));
		Path work = Files.createTempDirectory("render-backlog");
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 12);
		broker.brokerProperty("auto.create.topics.enable", "false");
		broker.brokerProperty("group.initial.rebalance.delay.ms", "0");
		broker.brokerProperty("transaction.state.log.replication.factor", "1");
		broker.brokerProperty("transaction.state.log.min.isr", "1");
		try {
			List<JsonNode> drafts = drafts(script, work, posts, authors);
			broker.afterPropertiesSet();
			String bootstrap = broker.getBrokersAsString();
			// creates the topics, then warms the JIT up on a slice of the corpus (not recorded)
			run(bootstrap, List.of(), List.of(), "topics");
			List<PostSubmitted> warmUp = corpus(drafts.subList(0, Math.min(1000, drafts.size())), "warm-up-");
			backlog(bootstrap, warmUp);
			run(bootstrap, warmUp, List.of(), "warm-up");
			Map<String, List<Double>> rates = new LinkedHashMap<>();
			names.forEach((name) -> rates.put(name, new ArrayList<>()));
			List<String> report = new ArrayList<>();
			report.add("| round | setting | drained in | **posts/s** |");
			report.add("|---|---|---:|---:|");
			int round = 0;
			for (int r = 0; r < rounds; r++) {
				List<String> order = new ArrayList<>(names);
				if (r % 2 == 1) {
					Collections.reverse(order);
				}
				for (String name : order) {
					round++;
					List<PostSubmitted> corpus = corpus(drafts, "r" + round + "-");
					backlog(bootstrap, corpus);
					Result result = run(bootstrap, corpus, SETTINGS.get(name), name);
					rates.get(name).add(result.rate());
					String line = "| " + round + " | " + name + " | " + round(result.seconds()) + " s | **"
							+ round(result.rate()) + "** |";
					log.warn("{}", line);
					report.add(line);
				}
			}
			report.add("");
			report.add("| setting | median posts/s | ratio to " + names.get(0) + " |");
			report.add("|---|---:|---:|");
			double baseline = median(rates.get(names.get(0)));
			rates.forEach((name, values) -> report.add("| " + name + " | " + round(median(values)) + " | "
					+ round(median(values) / baseline) + "× |"));
			log.warn("Corpus: {} drafts by {} authors, {} rounds", posts, authors, rounds);
			report.forEach((line) -> log.warn("{}", line));
		}
		finally {
			broker.destroy();
			FileSystemUtils.deleteRecursively(work);
		}
	}

	/** Starts the service with the setting, waits for its assignment, then until every post is rendered. */
	private static Result run(String bootstrap, List<PostSubmitted> corpus, List<String> setting, String name)
			throws Exception {
		List<String> arguments = new ArrayList<>(List.of("--spring.main.web-application-type=none",
				"--spring.kafka.bootstrap-servers=" + bootstrap, "--logging.level.blog.pipeline=WARN",
				"--logging.level.org.apache.kafka=WARN", "--pipeline.operations.lag-interval=1h"));
		arguments.addAll(setting);
		Set<String> ids = new HashSet<>();
		corpus.forEach((post) -> ids.add(post.postId()));
		try (KafkaConsumer<String, PostEvent> rendered = consumer(bootstrap)) {
			try (ConfigurableApplicationContext app = new SpringApplicationBuilder(RenderServiceApplication.class)
				.run(arguments.toArray(String[]::new))) {
				MessageListenerContainer live = liveContainer(app);
				awaitAssignment(live, name);
				long start = System.nanoTime();
				Set<String> seen = new HashSet<>();
				long deadline = System.nanoTime() + Duration.ofMinutes(20).toNanos();
				while (seen.size() < ids.size()) {
					if (System.nanoTime() > deadline) {
						throw new IllegalStateException(name + ": only " + seen.size() + " posts rendered in 20 min");
					}
					for (ConsumerRecord<String, PostEvent> record : rendered.poll(Duration.ofMillis(100))) {
						if (record.value() instanceof PostRendered && ids.contains(record.key())) {
							seen.add(record.key());
						}
					}
				}
				double seconds = (System.nanoTime() - start) / 1e9;
				return new Result(seconds, corpus.size() / Math.max(seconds, 1e-9));
			}
		}
	}

	private static MessageListenerContainer liveContainer(ConfigurableApplicationContext app) {
		return app.getBean(KafkaListenerEndpointRegistry.class)
			.getListenerContainers()
			.stream()
			.filter((container) -> Arrays.asList(container.getContainerProperties().getTopics() != null
					? container.getContainerProperties().getTopics() : new String[0])
				.contains(Topics.POSTS_SUBMITTED))
			.findFirst()
			.orElseThrow();
	}

	private static void awaitAssignment(MessageListenerContainer container, String name) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
		while (container.getAssignedPartitions() == null || container.getAssignedPartitions().size() < 12) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(name + ": partitions not assigned within a minute");
			}
			Thread.sleep(5);
		}
	}

	/** Writes the corpus to posts.submitted while no render instance runs. */
	private static void backlog(String bootstrap, List<PostSubmitted> corpus) {
		try (KafkaProducer<String, PostEvent> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
						ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd"),
				new StringSerializer(), new JacksonJsonSerializer<PostEvent>().noTypeInfo())) {
			for (PostSubmitted post : corpus) {
				producer.send(new ProducerRecord<>(Topics.POSTS_SUBMITTED, post.postId(), post));
			}
			producer.flush();
		}
	}

	private static KafkaConsumer<String, PostEvent> consumer(String bootstrap) {
		KafkaConsumer<String, PostEvent> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.ISOLATION_LEVEL_CONFIG,
						"read_committed", ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000),
				new StringDeserializer(), new JacksonJsonDeserializer<>(PostEvent.class, false));
		List<TopicPartition> partitions = consumer.partitionsFor(Topics.POSTS_RENDERED)
			.stream()
			.map((info) -> new TopicPartition(Topics.POSTS_RENDERED, info.partition()))
			.toList();
		consumer.assign(partitions);
		consumer.seekToEnd(partitions);
		partitions.forEach(consumer::position);
		return consumer;
	}

	private static List<JsonNode> drafts(Path script, Path work, int posts, int authors)
			throws IOException, InterruptedException {
		Path drafts = work.resolve("drafts.jsonl");
		Process python = new ProcessBuilder("python3", script.toString(), "--posts", Integer.toString(posts),
				"--authors", Integer.toString(authors), "--out", drafts.toString())
			.inheritIO()
			.start();
		if (python.waitFor() != 0) {
			throw new IllegalStateException(script + " failed");
		}
		List<JsonNode> lines = new ArrayList<>();
		for (String line : Files.readAllLines(drafts, StandardCharsets.UTF_8)) {
			if (!line.isBlank()) {
				lines.add(JSON.readTree(line));
			}
		}
		return lines;
	}

	/** The drafts as ingest would hand them on: version 1 of each, own post ids and slugs per round. */
	private static List<PostSubmitted> corpus(List<JsonNode> drafts, String prefix) {
		List<PostSubmitted> corpus = new ArrayList<>(drafts.size());
		Instant now = Instant.now();
		for (int i = 0; i < drafts.size(); i++) {
			JsonNode draft = drafts.get(i);
			String id = prefix + "post-%05d".formatted(i);
			List<String> tags = new ArrayList<>();
			draft.path("tags").forEach((tag) -> tags.add(tag.asString()));
			JsonNode cover = draft.path("coverImage");
			corpus.add(new PostSubmitted(id, 1, new Draft(draft.path("title").asString(), id,
					new Author(draft.path("author").path("id").asString(), draft.path("author").path("name").asString()),
					draft.path("bodyMarkdown").asString(), null, tags,
					new CoverImage(cover.path("url").asString(), cover.path("alt").asString()), null), now, now, null));
		}
		return corpus;
	}

	private static double median(List<Double> values) {
		List<Double> sorted = values.stream().sorted().toList();
		int n = sorted.size();
		return (n % 2 == 1) ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
	}

	private static String round(double value) {
		return String.format(Locale.ROOT, value >= 100 ? "%.0f" : "%.2f", value);
	}

	private record Result(double seconds, double rate) {
	}

}

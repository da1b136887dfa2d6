package blog.pipeline.publish;

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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import blog.pipeline.events.Author;
import blog.pipeline.events.CoverImage;
import blog.pipeline.events.PostEvent;
import blog.pipeline.events.PostPublished;
import blog.pipeline.events.PostRendered;
import blog.pipeline.events.SchemaVersion;
import blog.pipeline.events.Topics;
import blog.pipeline.stack.FreePorts;
import blog.pipeline.stack.S3ProxyServer;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.support.serializer.JacksonJsonDeserializer;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.util.FileSystemUtils;
import org.springframework.web.util.HtmlUtils;

/**
 * The whole-corpus benchmark of issue 5 (not a test): the corpus of {@code make-corpus.py} as rendered posts through
 * the publish service until every post is announced live, against the raw PUT rate of the same S3 server with the
 * service's own S3 client, at 1 caller and at 3, measured just before each round. Rounds alternate the settings of
 * {@code bench.concurrency} ({@code pipeline.s3.write-concurrency}, e.g. {@code 1,8}: one object at a time as before,
 * against concurrent writes), {@code bench.rounds} times, each round with a fresh service and its own copy of the
 * corpus. Real broker (embedded KRaft, 12 partitions) and S3Proxy (own JVM). Run:
 * {@code cd publish-service && mvn test-compile exec:exec -Pbench-corpus} (see BENCHMARKS.md).
 */
public final class CorpusPublishBenchmark {

	private static final Logger log = LoggerFactory.getLogger(CorpusPublishBenchmark.class);

	/** What one post minimally writes: its page, author page, feed and month, home, site feed, sitemap part. */
	private static final int MINIMAL_PUTS_PER_POST = 7;

	private static final int RAW_PUTS = 1500;

	private static final JsonMapper JSON = JsonMapper.shared();

	private CorpusPublishBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int posts = Integer.getInteger("bench.posts", 10_000);
		int authors = Integer.getInteger("bench.authors", 100);
		int rounds = Integer.getInteger("bench.rounds", 1);
		List<Integer> concurrencies = Arrays.stream(System.getProperty("bench.concurrency", "8").split(","))
			.map(String::trim)
			.map(Integer::valueOf)
			.toList();
		Path script = Path.of(System.getProperty("bench.corpus", "../../shared/bench/make-corpus.py"));
		Path work = Files.createTempDirectory("publish-corpus");
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 12);
		broker.brokerProperty("auto.create.topics.enable", "false");
		broker.brokerProperty("group.initial.rebalance.delay.ms", "0");
		try {
			Path drafts = drafts(script, work, posts, authors);
			Files.createDirectories(work.resolve("s3"));
			broker.afterPropertiesSet();
			List<String> report = new ArrayList<>();
			report.add("| round | write concurrency | all events on posts.rendered | every post announced live | "
					+ "**posts/s** | objects written | raw PUT/s 1 caller / 3 callers (just before) | "
					+ "posts/s ÷ (raw 1-caller PUT/s ÷ 7) |");
			report.add("|---|---:|---:|---:|---:|---:|---:|---:|");
			try (S3ProxyServer s3 = S3ProxyServer.start(work.resolve("s3"), FreePorts.next(), "bench",
					"bench-secret")) {
				int round = 0;
				for (int r = 0; r < rounds; r++) {
					// A B, then B A: the site grows round by round, so each setting gets early and late rounds
					List<Integer> order = new ArrayList<>(concurrencies);
					if (r % 2 == 1) {
						Collections.reverse(order);
					}
					for (int concurrency : order) {
						round++;
						// each round its own posts (ids, slugs) and authors, so every round publishes the corpus anew
						List<PostRendered> corpus = corpus(drafts, "r" + round + "-");
						try (ConfigurableApplicationContext app = new SpringApplicationBuilder(
								PublishServiceApplication.class)
							.run("--spring.main.web-application-type=none",
									"--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
									"--pipeline.s3.endpoint=" + s3.endpoint(), "--pipeline.s3.access-key=bench",
									"--pipeline.s3.secret-key=bench-secret",
									"--pipeline.s3.write-concurrency=" + concurrency,
									"--logging.level.blog.pipeline=WARN")) {
							report.add(measure(app, broker.getBrokersAsString(), corpus, round, concurrency));
						}
					}
				}
			}
			log.warn("Corpus: {} posts by {} authors", posts, authors);
			report.forEach((line) -> log.warn("{}", line));
		}
		finally {
			broker.destroy();
			FileSystemUtils.deleteRecursively(work);
		}
	}

	private static String measure(ConfigurableApplicationContext app, String bootstrap, List<PostRendered> corpus,
			int round, int concurrency) throws Exception {
		S3Client client = app.getBean(S3Client.class);
		MeterRegistry meters = app.getBean(MeterRegistry.class);
		if (!client.listBuckets().buckets().stream().anyMatch((bucket) -> bucket.name().equals("raw-puts"))) {
			client.createBucket((request) -> request.bucket("raw-puts"));
		}
		int pageBytes = (int) corpus.stream().mapToInt((post) -> post.pageHtml().length()).average().orElse(6000);
		// warm up the client and the server (JIT, connections) before the measurement
		putRate(client, pageBytes, 3);
		double[] raw = { putRate(client, pageBytes, 1), putRate(client, pageBytes, 3) };
		log.warn("Round {}: raw PUT {}/s with 1 caller, {}/s with 3", round, round(raw[0]), round(raw[1]));
		double writesBefore = meters.get("pipeline.publish.bucket.writes").counter().count();
		Set<String> ids = new HashSet<>();
		corpus.forEach((post) -> ids.add(post.postId()));
		long start = System.nanoTime();
		try (KafkaProducer<String, PostEvent> producer = producer(bootstrap);
				KafkaConsumer<String, PostEvent> published = consumer(bootstrap, "corpus-bench-" + round)) {
			for (PostRendered post : corpus) {
				producer.send(new ProducerRecord<>(Topics.POSTS_RENDERED, post.postId(), post));
			}
			producer.flush();
			double sentSeconds = seconds(start);
			Set<String> live = new HashSet<>();
			long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
			while (live.size() < corpus.size()) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("Only " + live.size() + " posts went live within 30 minutes");
				}
				for (ConsumerRecord<String, PostEvent> record : published.poll(Duration.ofMillis(200))) {
					if (record.value() instanceof PostPublished && ids.contains(record.key())) {
						live.add(record.key());
					}
				}
			}
			double seconds = seconds(start);
			double writes = meters.get("pipeline.publish.bucket.writes").counter().count() - writesBefore;
			double rate = corpus.size() / seconds;
			String line = "| " + round + " | " + concurrency + " | " + round(sentSeconds) + " s | " + round(seconds)
					+ " s | **" + round(rate) + "** | " + Math.round(writes) + " (" + round(writes / corpus.size())
					+ " per post) | " + round(raw[0]) + " / " + round(raw[1]) + " | "
					+ pct(rate / (raw[0] / MINIMAL_PUTS_PER_POST)) + " |";
			log.warn("{}", line);
			return line;
		}
	}

	/** The drafts of {@code make-corpus.py}, one JSON object a line. */
	static Path drafts(Path script, Path work, int posts, int authors) throws IOException, InterruptedException {
		Path drafts = work.resolve("drafts.jsonl");
		Process python = new ProcessBuilder("python3", script.toString(), "--posts", Integer.toString(posts),
				"--authors", Integer.toString(authors), "--out", drafts.toString())
			.inheritIO()
			.start();
		if (python.waitFor() != 0) {
			throw new IllegalStateException(script + " failed");
		}
		return drafts;
	}

	/** The corpus as the render service would hand it on: one version of each draft, accepted now. */
	static List<PostRendered> corpus(Path drafts, String prefix) throws IOException {
		List<String> lines = Files.readAllLines(drafts, StandardCharsets.UTF_8);
		List<PostRendered> corpus = new ArrayList<>(lines.size());
		Instant now = Instant.now();
		int i = 0;
		for (String line : lines) {
			JsonNode draft = JSON.readTree(line);
			String id = prefix + "bench-%05d".formatted(i);
			String title = draft.path("title").asString();
			String body = draft.path("bodyMarkdown").asString();
			String excerpt = body.substring(0, Math.min(body.length(), 240));
			String page = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
					+ HtmlUtils.htmlEscape(title) + "</title><link rel=\"stylesheet\" href=\"/assets/site.css\">"
					+ "</head><body><article><h1>" + HtmlUtils.htmlEscape(title) + "</h1><div>"
					+ HtmlUtils.htmlEscape(body).replace("\n\n", "</p><p>") + "</div></article></body></html>";
			JsonNode author = draft.path("author");
			JsonNode cover = draft.path("coverImage");
			List<String> tags = new ArrayList<>();
			draft.path("tags").forEach((tag) -> tags.add(tag.asString()));
			Instant accepted = now.plusMillis(i);
			corpus.add(new PostRendered(SchemaVersion.CURRENT, id, 1, id, new Author(prefix + author.path("id").asString(),
					author.path("name").asString()), title, page, "<p>" + HtmlUtils.htmlEscape(excerpt) + "</p>",
					excerpt, Math.max(1, body.split("\\s+").length / 200),
					new CoverImage(cover.path("url").asString(), cover.path("alt").asString()), tags, accepted,
					accepted, accepted));
			i++;
		}
		return corpus;
	}

	/** PUTs per second of {@link #RAW_PUTS} objects of {@code bytes} bytes, from {@code callers} threads. */
	private static double putRate(S3Client client, int bytes, int callers) throws Exception {
		byte[] body = "x".repeat(bytes).getBytes(StandardCharsets.UTF_8);
		AtomicInteger next = new AtomicInteger();
		ExecutorService threads = Executors.newFixedThreadPool(callers);
		long start = System.nanoTime();
		try {
			List<Future<?>> workers = new ArrayList<>();
			for (int c = 0; c < callers; c++) {
				workers.add(threads.submit(() -> {
					for (int i = next.getAndIncrement(); i < RAW_PUTS; i = next.getAndIncrement()) {
						String key = "raw/" + callers + "/" + i + ".html";
						client.putObject((request) -> request.bucket("raw-puts")
							.key(key)
							.contentType("text/html; charset=utf-8")
							.cacheControl("public, max-age=60, s-maxage=300")
							.metadata(Map.of("post-id", "raw", "post-version", "1")), RequestBody.fromBytes(body));
					}
					return null;
				}));
			}
			for (Future<?> worker : workers) {
				worker.get(10, TimeUnit.MINUTES);
			}
		}
		finally {
			threads.shutdown();
		}
		return RAW_PUTS / seconds(start);
	}

	static KafkaProducer<String, PostEvent> producer(String bootstrap) {
		JacksonJsonSerializer<PostEvent> values = new JacksonJsonSerializer<>();
		values.setAddTypeInfo(false);
		return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
				ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), values);
	}

	private static KafkaConsumer<String, PostEvent> consumer(String bootstrap, String group) {
		KafkaConsumer<String, PostEvent> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
				bootstrap, ConsumerConfig.GROUP_ID_CONFIG, group, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
				"earliest", ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
				new JacksonJsonDeserializer<>(PostEvent.class, false));
		consumer.subscribe(List.of(Topics.POSTS_PUBLISHED));
		return consumer;
	}

	static double seconds(long start) {
		return (System.nanoTime() - start) / 1e9;
	}

	static String round(double value) {
		return String.format(Locale.ROOT, (value >= 100) ? "%.0f" : "%.2f", value);
	}

	private static String pct(double ratio) {
		return String.format(Locale.ROOT, "%.0f %%", ratio * 100);
	}

}

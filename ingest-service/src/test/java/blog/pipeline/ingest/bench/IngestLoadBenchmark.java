package blog.pipeline.ingest.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import blog.pipeline.ingest.IngestServiceApplication;
import blog.pipeline.stack.FreePorts;
import blog.pipeline.stack.KafkaBrokerServer;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Load driver for the editors' API (issue 3, benchmark): in ONE run, on one real broker ({@link KafkaBrokerServer}) and
 * the ingest service in-process, it measures per round
 * <ol>
 * <li>the raw Kafka producer rate for records of the corpus drafts' sizes, {@code acks=all} and idempotent: one
 * producer sending asynchronously (the ceiling), 64 threads sending synchronously, and 64 transactional producers with
 * one transaction per record (what ingest does per change);</li>
 * <li>the ceiling of HTTP on this machine with the same driver, clients and bodies ({@link HttpCeiling}): a bare
 * endpoint on ingest's server stack that reads the body and answers 202, and one that also parses it into ingest's
 * draft type and validates it, both without Kafka;</li>
 * <li>accepted drafts/s: the corpus POSTed to {@code /api/posts} by 64 concurrent clients;</li>
 * <li>accept latency at half the accepted rate, paced (open loop: latency counts from each request's planned start, so
 * a stall is not hidden by the clients waiting).</li>
 * </ol>
 * and prints the medians of the rounds with the machine's facts, the load average at each round's start and how
 * busy the cores were during each HTTP phase. Request bodies are prepared before each phase's clock starts, as the raw
 * producers' records are. Not a test; run with
 * {@code mvn -pl ingest-service test-compile exec:exec -Pbench}.
 */
public final class IngestLoadBenchmark {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String TOKEN = "bench-token";

	private static final String RAW_TOPIC = "bench.raw";

	/**
	 * The settings of every web application the benchmark starts, ingest and the HTTP ceiling's; more to compare in
	 * {@code -Dbench.webArgs} (e.g. {@code "--server.tomcat.max-keep-alive-requests=-1"}).
	 */
	private static final List<String> WEB_SETTINGS = settings(List.of("--server.port=0", "--spring.jmx.enabled=false",
			"--logging.level.root=WARN", "--server.tomcat.threads.max=200"), "bench.webArgs");

	/** Worker threads that never keep the JVM alive once the run is over. */
	private static final ThreadFactory DAEMONS = (task) -> {
		Thread thread = new Thread(task);
		thread.setDaemon(true);
		return thread;
	};

	private final List<byte[]> corpus;

	private final int clients;

	private final String runId = Long.toString(System.currentTimeMillis() % 1_000_000, 36);

	private IngestLoadBenchmark(List<byte[]> corpus, int clients) {
		this.corpus = corpus;
		this.clients = clients;
	}

	public static void main(String[] args) throws Exception {
		Path corpusFile = Path.of(System.getProperty("bench.corpus", "target/bench/corpus.jsonl"));
		int rounds = Integer.getInteger("bench.rounds", 3);
		int clients = Integer.getInteger("bench.clients", 64);
		int posts = Integer.getInteger("bench.posts", 5000);
		Path report = Path.of(System.getProperty("bench.report", "target/bench/ingest-service-results.md"));
		boolean paced = Boolean.parseBoolean(System.getProperty("bench.paced", "true"));
		boolean instances = Boolean.parseBoolean(System.getProperty("bench.instances", "true"));
		if (!Files.exists(corpusFile)) {
			makeCorpus(corpusFile, posts);
		}
		List<byte[]> corpus = Files.readAllLines(corpusFile, StandardCharsets.UTF_8)
			.stream()
			.filter((line) -> !line.isBlank())
			.limit(posts)
			.map((line) -> line.getBytes(StandardCharsets.UTF_8))
			.toList();
		String machineBefore = machine();
		Path dataDir = Files.createTempDirectory("ingest-bench-kafka");
		try (KafkaBrokerServer broker = KafkaBrokerServer.start(dataDir, FreePorts.next(), FreePorts.next(), 12)) {
			createRawTopic(broker.bootstrapServers());
			try (ConfigurableApplicationContext service = startService(broker.bootstrapServers());
					ConfigurableApplicationContext bare = HttpCeiling.bare(WEB_SETTINGS);
					ConfigurableApplicationContext parsing = HttpCeiling.parsing(WEB_SETTINGS)) {
				IngestLoadBenchmark bench = new IngestLoadBenchmark(corpus, clients);
				String result = bench.run(broker.bootstrapServers(), new Apis(api(bare), api(parsing), api(service)),
						service.getBean(MeterRegistry.class), rounds, paced, machineBefore);
				result += groupCommits(service);
				if (instances) {
					result += bench.twoInstances(broker.bootstrapServers(), service);
				}
				Files.createDirectories(report.toAbsolutePath().getParent());
				Files.writeString(report, result);
				System.out.println(result);
			}
		}
	}

	private static ConfigurableApplicationContext startService(String bootstrap) {
		List<String> args = new ArrayList<>(WEB_SETTINGS);
		args.add("--spring.kafka.bootstrap-servers=" + bootstrap);
		args.add("--pipeline.security.editor-tokens=bench:" + TOKEN);
		args.add("--management.server.port=0");
		// ingest's own settings to compare, e.g. -Dbench.ingestArgs="--management.tracing.sampling.probability=0.1"
		List<String> settings = settings(args, "bench.ingestArgs");
		return new SpringApplicationBuilder(IngestServiceApplication.class).run(settings.toArray(String[]::new));
	}

	/** The settings, then those of the system property (space-separated). */
	private static List<String> settings(List<String> settings, String property) {
		List<String> all = new ArrayList<>(settings);
		String extra = System.getProperty(property, "").strip();
		if (!extra.isEmpty()) {
			all.addAll(List.of(extra.split("\\s+")));
		}
		return List.copyOf(all);
	}

	private static URI api(ConfigurableApplicationContext service) {
		return URI.create("http://127.0.0.1:" + ((WebServerApplicationContext) service).getWebServer().getPort());
	}

	/**
	 * The cost of several writing instances: a second instance on the same broker, and the corpus POSTed by the
	 * clients to both in turn (every other request to the other instance, the worst case for the shared state
	 * writer: ownership moves whenever both have work), against the same corpus to one instance right before.
	 */
	private String twoInstances(String bootstrap, ConfigurableApplicationContext first) throws Exception {
		HttpClient http = httpClient();
		try (ConfigurableApplicationContext second = startService(bootstrap)) {
			List<URI> both = List.of(api(first), api(second));
			closedLoop(http, List.of(both.get(1)), drafts("warm2", Math.min(500, this.corpus.size())));
			Load one = closedLoop(http, List.of(both.get(0)), drafts("one", this.corpus.size()));
			Takeovers before = Takeovers.of(first, second);
			Load alternating = closedLoop(http, both, drafts("both", this.corpus.size()));
			Takeovers during = Takeovers.of(first, second).minus(before);
			String text = String.format(Locale.ROOT, "%nTwo instances, %d clients, %d drafts each run:%n"
					+ "| writes go to | accepted /s | errors | p50 ms | p99 ms | takeovers | mean takeover ms |%n"
					+ "|---|---|---|---|---|---|---|%n"
					+ "| one instance (the other idle) | %.0f | %d | %.1f | %.1f | - | - |%n"
					+ "| both, alternating per request | %.0f | %d | %.1f | %.1f | %d | %.1f |%n",
					this.clients, this.corpus.size(), one.perSecond(), one.errors(), one.p50(), one.p99(),
					alternating.perSecond(), alternating.errors(), alternating.p50(), alternating.p99(),
					during.count(), during.meanMillis());
			System.out.print(text);
			return text;
		}
	}

	/** What group commit did over the whole single-instance run (warm-up and paced phases included). */
	private static String groupCommits(ConfigurableApplicationContext service) {
		MeterRegistry meters = service.getBean(MeterRegistry.class);
		DistributionSummary batches = meters.get("pipeline.ingest.state.batch.changes").summary();
		Timer commits = meters.get("pipeline.ingest.state.commits").timer();
		String text = String.format(Locale.ROOT,
				"%nGroup commit over the run: %d transactions, %.1f changes per transaction on average (max %.0f), "
						+ "commit %.1f ms on average%n",
				commits.count(), batches.mean(), batches.max(), commits.mean(TimeUnit.MILLISECONDS));
		System.out.print(text);
		return text;
	}

	/** Takeovers of the state writer so far, over some instances. */
	private record Takeovers(long count, double totalMillis) {

		static Takeovers of(ConfigurableApplicationContext... services) {
			long count = 0;
			double total = 0;
			for (ConfigurableApplicationContext service : services) {
				Timer timer = service.getBean(MeterRegistry.class).get("pipeline.ingest.state.takeovers").timer();
				count += timer.count();
				total += timer.totalTime(TimeUnit.MILLISECONDS);
			}
			return new Takeovers(count, total);
		}

		Takeovers minus(Takeovers earlier) {
			return new Takeovers(this.count - earlier.count, this.totalMillis - earlier.totalMillis);
		}

		double meanMillis() {
			return (this.count > 0) ? this.totalMillis / this.count : 0;
		}

	}

	private static HttpClient httpClient() {
		return HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(10))
			.executor(Executors.newFixedThreadPool(4, DAEMONS))
			.build();
	}

	private String run(String bootstrap, Apis apis, MeterRegistry meters, int rounds, boolean withPaced,
			String machineBefore) throws Exception {
		HttpClient http = httpClient();
		// Warm-up: JIT, connection pools, producer pool, topic metadata; not recorded.
		int warmUp = Math.min(1000, this.corpus.size());
		closedLoop(http, List.of(apis.bare()), drafts("warm-bare", warmUp));
		closedLoop(http, List.of(apis.parsing()), drafts("warm-parse", warmUp));
		closedLoop(http, List.of(apis.ingest()), drafts("warm", warmUp));
		rawAsync(bootstrap, Math.min(2000, this.corpus.size()));
		List<Round> results = new ArrayList<>();
		for (int round = 1; round <= rounds; round++) {
			String load = loadAverage();
			double rawAsync = rawAsync(bootstrap, this.corpus.size());
			double rawSync = rawConcurrent(bootstrap, false);
			double rawTransactional = rawConcurrent(bootstrap, true);
			Load bare = closedLoop(http, List.of(apis.bare()), drafts("h" + round, this.corpus.size()));
			Load parsing = closedLoop(http, List.of(apis.parsing()), drafts("v" + round, this.corpus.size()));
			List<byte[]> drafts = drafts("r" + round, this.corpus.size());
			Commits before = Commits.of(meters);
			Load ingest = closedLoop(http, List.of(apis.ingest()), drafts);
			Commits closedLoop = Commits.of(meters).minus(before);
			Load paced = withPaced ? paced(http, apis.ingest(), "p" + round, ingest.perSecond() / 2) : Load.NONE;
			Round result = new Round(load, rawAsync, rawSync, rawTransactional, bare, parsing, ingest, paced,
					closedLoop);
			results.add(result);
			System.out.printf(Locale.ROOT,
					"round %d (load %s): raw async %.0f/s, raw 64 sync %.0f/s, raw 64 txn %.0f/s, bare HTTP %.0f/s, "
							+ "HTTP+parse+validate %.0f/s, ingest %.0f/s (%d errors), paced at %.0f/s: p50 %.1f ms "
							+ "p99 %.1f ms (%d errors); closed loop: %.1f changes per transaction, commit %.1f ms%n",
					round, load, rawAsync, rawSync, rawTransactional, bare.perSecond(), parsing.perSecond(),
					ingest.perSecond(), ingest.errors(), paced.targetRate(), paced.p50(), paced.p99(),
					paced.errors(), closedLoop.changesPerTransaction(), closedLoop.meanMillis());
		}
		return report(results, machineBefore, machine());
	}

	/** One async idempotent producer, acks=all, all records in flight: the producer's ceiling for these sizes. */
	private double rawAsync(String bootstrap, int records) throws Exception {
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProperties(bootstrap, null),
				new StringSerializer(), new ByteArraySerializer())) {
			producer.partitionsFor(RAW_TOPIC);
			long start = System.nanoTime();
			List<Future<?>> sent = new ArrayList<>(records);
			for (int i = 0; i < records; i++) {
				sent.add(producer.send(new ProducerRecord<>(RAW_TOPIC, UUID.randomUUID().toString(),
						this.corpus.get(i % this.corpus.size()))));
			}
			producer.flush();
			for (Future<?> future : sent) {
				future.get();
			}
			return records / seconds(start);
		}
	}

	/**
	 * As many senders as HTTP clients, each waiting for its record's acknowledgement: without transactions, one shared
	 * idempotent producer; with transactions, one transactional producer per sender and one transaction per record.
	 */
	private double rawConcurrent(String bootstrap, boolean transactional) throws Exception {
		List<KafkaProducer<String, byte[]>> producers = new ArrayList<>();
		int count = transactional ? this.clients : 1;
		for (int i = 0; i < count; i++) {
			KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
					producerProperties(bootstrap, transactional ? "bench-" + this.runId + "-" + UUID.randomUUID() : null),
					new StringSerializer(), new ByteArraySerializer());
			if (transactional) {
				producer.initTransactions();
			}
			producers.add(producer);
		}
		try {
			AtomicInteger next = new AtomicInteger();
			ExecutorService senders = Executors.newFixedThreadPool(this.clients, DAEMONS);
			long start = System.nanoTime();
			List<Future<?>> done = new ArrayList<>();
			for (int t = 0; t < this.clients; t++) {
				KafkaProducer<String, byte[]> producer = producers.get(t % producers.size());
				done.add(senders.submit(() -> {
					for (int i = next.getAndIncrement(); i < this.corpus.size(); i = next.getAndIncrement()) {
						ProducerRecord<String, byte[]> record = new ProducerRecord<>(RAW_TOPIC,
								UUID.randomUUID().toString(), this.corpus.get(i));
						if (transactional) {
							producer.beginTransaction();
							producer.send(record);
							producer.commitTransaction();
						}
						else {
							producer.send(record).get();
						}
					}
					return null;
				}));
			}
			for (Future<?> future : done) {
				future.get();
			}
			double rate = this.corpus.size() / seconds(start);
			senders.shutdown();
			return rate;
		}
		finally {
			producers.forEach((producer) -> producer.close(Duration.ofSeconds(5)));
		}
	}

	/**
	 * The drafts POSTed by {@link #clients} concurrent clients, each sending its next draft once answered; draft
	 * {@code i} goes to instance {@code i % apis.size()}.
	 */
	private Load closedLoop(HttpClient http, List<URI> apis, List<byte[]> drafts) throws Exception {
		AtomicInteger next = new AtomicInteger();
		AtomicInteger errors = new AtomicInteger();
		long[] latencies = new long[drafts.size()];
		ExecutorService senders = Executors.newFixedThreadPool(this.clients, DAEMONS);
		Cpu cpuBefore = Cpu.now();
		long start = System.nanoTime();
		List<Future<?>> done = new ArrayList<>();
		for (int t = 0; t < this.clients; t++) {
			done.add(senders.submit(() -> {
				for (int i = next.getAndIncrement(); i < drafts.size(); i = next.getAndIncrement()) {
					long sentAt = System.nanoTime();
					if (!post(http, apis.get(i % apis.size()), drafts.get(i))) {
						errors.incrementAndGet();
					}
					latencies[i] = System.nanoTime() - sentAt;
				}
				return null;
			}));
		}
		for (Future<?> future : done) {
			future.get();
		}
		double elapsed = seconds(start);
		Cpu cpu = Cpu.now().minus(cpuBefore);
		senders.shutdown();
		int accepted = drafts.size() - errors.get();
		return new Load(0, accepted / elapsed, errors.get(), percentile(latencies, 50), percentile(latencies, 99),
				cpu.machineCores(), cpu.jvmMillis() / elapsed / 1000, cpu.jvmMillis() / Math.max(1, accepted));
	}

	/**
	 * Drafts sent at a fixed rate for about 20 s (open loop, enough threads that none waits for a free client);
	 * latency counts from each request's planned start.
	 */
	private Load paced(HttpClient http, URI api, String round, double rate) throws Exception {
		List<byte[]> drafts = drafts(round, (int) Math.min(this.corpus.size(), Math.max(200, rate * 20)));
		long interval = (long) (1_000_000_000L / rate);
		AtomicInteger errors = new AtomicInteger();
		long[] latencies = new long[drafts.size()];
		ExecutorService senders = Executors.newFixedThreadPool(256, DAEMONS);
		long start = System.nanoTime() + 50_000_000L;
		List<Future<?>> done = new ArrayList<>();
		for (int i = 0; i < drafts.size(); i++) {
			int index = i;
			long planned = start + i * interval;
			done.add(senders.submit(() -> {
				long wait = planned - System.nanoTime();
				if (wait > 0) {
					TimeUnit.NANOSECONDS.sleep(wait);
				}
				if (!post(http, api, drafts.get(index))) {
					errors.incrementAndGet();
				}
				latencies[index] = System.nanoTime() - planned;
				return null;
			}));
		}
		for (Future<?> future : done) {
			future.get();
		}
		senders.shutdown();
		return new Load(rate, rate, errors.get(), percentile(latencies, 50), percentile(latencies, 99), 0, 0, 0);
	}

	private static boolean post(HttpClient http, URI api, byte[] body) {
		HttpRequest request = HttpRequest.newBuilder(api.resolve("/api/posts"))
			.timeout(Duration.ofSeconds(30))
			.header("Authorization", "Bearer " + TOKEN)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build();
		try {
			return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 202;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * The first {@code count} corpus drafts, each with a slug of its own per phase, so that no phase collides with
	 * another's slugs; made before a phase's clock starts.
	 */
	private List<byte[]> drafts(String phase, int count) {
		List<byte[]> drafts = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			ObjectNode draft = (ObjectNode) JSON.readTree(this.corpus.get(i % this.corpus.size()));
			draft.put("slug", "b" + this.runId + "-" + phase + "-" + i);
			drafts.add(JSON.writeValueAsBytes(draft));
		}
		return drafts;
	}

	private static Map<String, Object> producerProperties(String bootstrap, String transactionalId) {
		Map<String, Object> properties = new java.util.HashMap<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
				bootstrap, ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true));
		if (transactionalId != null) {
			properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
		}
		return properties;
	}

	private static void createRawTopic(String bootstrap) throws Exception {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
			admin.createTopics(List.of(new NewTopic(RAW_TOPIC, 12, (short) 1))).all().get(30, TimeUnit.SECONDS);
		}
	}

	private static void makeCorpus(Path file, int posts) throws IOException, InterruptedException {
		Files.createDirectories(file.toAbsolutePath().getParent());
		String script = System.getProperty("bench.corpusScript", "../../shared/bench/make-corpus.py");
		Process process = new ProcessBuilder("python3", script, "--posts", String.valueOf(posts), "--authors", "50",
				"--out", file.toString())
			.inheritIO()
			.start();
		if (process.waitFor() != 0) {
			throw new IOException("make-corpus.py failed with exit code " + process.exitValue());
		}
	}

	private static double seconds(long startNanos) {
		return (System.nanoTime() - startNanos) / 1e9;
	}

	private static double percentile(long[] nanos, int percentile) {
		long[] sorted = nanos.clone();
		Arrays.sort(sorted);
		int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
	}

	private static double median(List<Round> rounds, java.util.function.ToDoubleFunction<Round> value) {
		double[] values = rounds.stream().mapToDouble(value).sorted().toArray();
		return (values.length % 2 == 1) ? values[values.length / 2]
				: (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
	}

	private String report(List<Round> rounds, String machineBefore, String machineAfter) {
		double rawAsync = median(rounds, Round::rawAsync);
		double rawSync = median(rounds, Round::rawSync);
		double rawTxn = median(rounds, Round::rawTransactional);
		double bare = median(rounds, (round) -> round.bare().perSecond());
		double parsing = median(rounds, (round) -> round.parsing().perSecond());
		double ingest = median(rounds, (round) -> round.ingest().perSecond());
		StringBuilder text = new StringBuilder();
		text.append(String.format(Locale.ROOT, "Ingest load benchmark, %s, %d drafts per round (median size %d B), "
				+ "%d clients, %d rounds%n%n", Instant.now(), this.corpus.size(), medianSize(), this.clients,
				rounds.size()));
		text.append("| round | load average at start | raw async /s | raw 64 sync /s | raw 64 txn-per-record /s "
				+ "| bare HTTP /s | HTTP + parse + validate /s | ingest accepted /s | errors (bare, parse, ingest) "
				+ "| ingest / bare HTTP | bare HTTP / raw async | ingest / raw async | paced rate /s | p50 ms | p99 ms "
				+ "| paced errors | closed loop: changes per transaction | commit ms |\n"
				+ "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
		for (int i = 0; i < rounds.size(); i++) {
			Round round = rounds.get(i);
			text.append(String.format(Locale.ROOT,
					"| %d | %s | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %d, %d, %d | %.1f %% | %.1f %% | %.1f %% "
							+ "| %.0f | %.1f | %.1f | %d | %.1f | %.1f |%n",
					i + 1, round.load(), round.rawAsync(), round.rawSync(), round.rawTransactional(),
					round.bare().perSecond(), round.parsing().perSecond(), round.ingest().perSecond(),
					round.bare().errors(), round.parsing().errors(), round.ingest().errors(),
					100 * round.ingest().perSecond() / round.bare().perSecond(),
					100 * round.bare().perSecond() / round.rawAsync(),
					100 * round.ingest().perSecond() / round.rawAsync(), round.paced().targetRate(),
					round.paced().p50(), round.paced().p99(), round.paced().errors(),
					round.closedLoop().changesPerTransaction(), round.closedLoop().meanMillis()));
		}
		text.append("\nCPU during the HTTP phases (machine: cores busy of all processes, from /proc/stat; JVM: this "
				+ "process, i.e. the 64 clients and the service, not the broker):\n\n"
				+ "| round | bare HTTP: machine cores / JVM cores / JVM CPU ms per request | parse + validate: same "
				+ "| ingest: same |\n|---|---|---|---|\n");
		for (int i = 0; i < rounds.size(); i++) {
			Round round = rounds.get(i);
			text.append(String.format(Locale.ROOT, "| %d | %s | %s | %s |%n", i + 1, round.bare().cpu(),
					round.parsing().cpu(), round.ingest().cpu()));
		}
		text.append(String.format(Locale.ROOT, "%nMedians: raw async %.0f/s, raw 64 sync %.0f/s, raw 64 txn %.0f/s, "
				+ "bare HTTP %.0f/s, HTTP + parse + validate %.0f/s, ingest %.0f/s; ratio ingest/raw async %.1f %%, "
				+ "ingest/raw 64 sync %.1f %%, ingest/raw 64 txn %.1f %%; bare HTTP/raw async %.1f %%, "
				+ "parse+validate/raw async %.1f %%, ingest/bare HTTP %.1f %%, ingest/parse+validate %.1f %% "
				+ "(each ratio taken within its round); at half load p50 %.1f ms, p99 %.1f ms (closed-loop at full "
				+ "load: p50 %.1f ms, p99 %.1f ms)%n",
				rawAsync, rawSync, rawTxn, bare, parsing, ingest, ratio(rounds, Round::rawAsync),
				ratio(rounds, Round::rawSync), ratio(rounds, Round::rawTransactional),
				100 * median(rounds, (round) -> round.bare().perSecond() / round.rawAsync()),
				100 * median(rounds, (round) -> round.parsing().perSecond() / round.rawAsync()),
				ratio(rounds, (round) -> round.bare().perSecond()),
				ratio(rounds, (round) -> round.parsing().perSecond()), median(rounds, (round) -> round.paced().p50()),
				median(rounds, (round) -> round.paced().p99()), median(rounds, (round) -> round.ingest().p50()),
				median(rounds, (round) -> round.ingest().p99())));
		text.append("\nMachine before: ").append(machineBefore).append("\nMachine after:  ").append(machineAfter)
			.append('\n');
		return text.toString();
	}

	/** The median over the rounds of ingest's accepted rate as a percentage of another rate of the same round. */
	private static double ratio(List<Round> rounds, java.util.function.ToDoubleFunction<Round> baseline) {
		return 100 * median(rounds, (round) -> round.ingest().perSecond() / baseline.applyAsDouble(round));
	}

	/** The 1-minute load average now (all of /proc/loadavg's first three figures). */
	private static String loadAverage() {
		try {
			String[] figures = Files.readString(Path.of("/proc/loadavg")).strip().split(" ");
			return figures[0] + " " + figures[1] + " " + figures[2];
		}
		catch (IOException ex) {
			return "n/a"; // not Linux
		}
	}

	private int medianSize() {
		int[] sizes = this.corpus.stream().mapToInt((draft) -> draft.length).sorted().toArray();
		return sizes[sizes.length / 2];
	}

	private static String machine() {
		String cpu = "unknown CPU";
		try {
			cpu = Files.readAllLines(Path.of("/proc/cpuinfo"))
				.stream()
				.filter((line) -> line.startsWith("model name"))
				.findFirst()
				.map((line) -> line.substring(line.indexOf(':') + 1).strip())
				.orElse(cpu);
		}
		catch (IOException ex) {
			// not Linux: keep "unknown CPU"
		}
		String load = "";
		try {
			load = Files.readString(Path.of("/proc/loadavg")).strip();
		}
		catch (IOException ex) {
			// not Linux
		}
		Properties system = System.getProperties();
		long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getTotalMemorySize();
		return String.format(Locale.ROOT, "%d cores (%s), %.1f GiB RAM, load average %s, %s %s, Java %s",
				Runtime.getRuntime().availableProcessors(), cpu, memory / 1024.0 / 1024 / 1024, load,
				system.getProperty("os.name"), system.getProperty("os.version"), system.getProperty("java.version"));
	}

	/**
	 * One phase's outcome.
	 *
	 * @param machineCores cores busy on the whole machine during the phase
	 * @param jvmCores cores this JVM used (clients and service)
	 * @param jvmMillisPerRequest this JVM's CPU time per accepted request
	 */
	private record Load(double targetRate, double perSecond, int errors, double p50, double p99, double machineCores,
			double jvmCores, double jvmMillisPerRequest) {

		static final Load NONE = new Load(0, 0, 0, 0, 0, 0, 0, 0);

		String cpu() {
			return String.format(Locale.ROOT, "%.2f / %.2f / %.2f", this.machineCores, this.jvmCores,
					this.jvmMillisPerRequest);
		}

	}

	private record Round(String load, double rawAsync, double rawSync, double rawTransactional, Load bare,
			Load parsing, Load ingest, Load paced, Commits closedLoop) {

	}

	/** Where the benchmark sends drafts: the HTTP ceiling's two endpoints and ingest. */
	private record Apis(URI bare, URI parsing, URI ingest) {

	}

	/**
	 * CPU time so far: of the whole machine (busy and total jiffies of {@code /proc/stat}) and of this process.
	 */
	private record Cpu(long busyTicks, long totalTicks, long jvmNanos) {

		static Cpu now() {
			long busy = 0;
			long total = 0;
			try {
				String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
				for (int i = 1; i < fields.length && i <= 8; i++) { // user nice system idle iowait irq softirq steal
					long ticks = Long.parseLong(fields[i]);
					total += ticks;
					if (i != 4 && i != 5) {
						busy += ticks;
					}
				}
			}
			catch (IOException ex) {
				// not Linux: machine figures stay 0
			}
			long jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
				.getProcessCpuTime();
			return new Cpu(busy, total, jvm);
		}

		Cpu minus(Cpu earlier) {
			return new Cpu(this.busyTicks - earlier.busyTicks, this.totalTicks - earlier.totalTicks,
					this.jvmNanos - earlier.jvmNanos);
		}

		double machineCores() {
			return (this.totalTicks > 0)
					? Runtime.getRuntime().availableProcessors() * (double) this.busyTicks / this.totalTicks : 0;
		}

		double jvmMillis() {
			return this.jvmNanos / 1e6;
		}

	}

	/** The state writer's transactions so far: how many, the changes they carried, the time their commits took. */
	private record Commits(long transactions, double changes, double commitMillis) {

		static Commits of(MeterRegistry meters) {
			Timer commits = meters.get("pipeline.ingest.state.commits").timer();
			return new Commits(commits.count(), meters.get("pipeline.ingest.state.batch.changes").summary().totalAmount(),
					commits.totalTime(TimeUnit.MILLISECONDS));
		}

		Commits minus(Commits earlier) {
			return new Commits(this.transactions - earlier.transactions, this.changes - earlier.changes,
					this.commitMillis - earlier.commitMillis);
		}

		double changesPerTransaction() {
			return (this.transactions > 0) ? this.changes / this.transactions : 0;
		}

		double meanMillis() {
			return (this.transactions > 0) ? this.commitMillis / this.transactions : 0;
		}

	}

}

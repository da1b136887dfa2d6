package blog.pipeline.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import blog.pipeline.devstack.DevStack;
import blog.pipeline.devstack.DevStackSettings;
import blog.pipeline.stack.ServerProcess;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Measures the whole pipeline on the embedded stack (real broker, S3Proxy, the three service jars) side by side with
 * its baselines in one run, and writes the figures into BENCHMARKS.md. Run: see BENCHMARKS.md.
 */
public final class PipelineBenchmark {

	private static final Logger log = LoggerFactory.getLogger(PipelineBenchmark.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String TOKEN = "bench-editor-token";

	/** The edits at the start of a phase whose latency the report also shows on their own. */
	private static final int ONSET_EDITS = 400;

	private static final int PARTITIONS = 12;

	private static final String SUBMIT_TO_LIVE = "submit → live";

	/** How long the sitemap parts publish put off may take to be written once the posts are live. */
	private static final Duration SITEMAP_WAIT = Duration.ofSeconds(60);

	/** The quiet time before each edit phase (see {@link #settle}). */
	private static final Duration SETTLE = Duration.ofSeconds(2);

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final BenchSettings bench;

	private final List<String> report = new ArrayList<>();

	private PipelineBenchmark(BenchSettings bench) {
		this.bench = bench;
	}

	public static void main(String[] args) {
		try {
			new PipelineBenchmark(BenchSettings.fromEnvironment()).run();
		}
		catch (Exception ex) {
			// the stack is closed by now; exit, or the pools of a failed phase would keep the JVM alive
			log.error("The benchmark failed", ex);
			System.exit(1);
		}
	}

	private void run() throws Exception {
		if (this.bench.hugo()) {
			Baselines.Hugo.requireInstalled(); // before minutes of work, not after them
		}
		Path work = this.bench.workDir().toAbsolutePath();
		deleteRecursively(work);
		Files.createDirectories(work);
		Path corpus = work.resolve("drafts.jsonl");
		Path hugoSite = work.resolve("hugo-site");
		Baselines.run(Path.of("."), Map.of(), "python3", this.bench.corpusScript().toString(), "--posts",
				Integer.toString(this.bench.posts()), "--authors", Integer.toString(this.bench.authors()), "--out",
				corpus.toString(), "--hugo", hugoSite.toString());
		List<String> drafts = Files.readAllLines(corpus, StandardCharsets.UTF_8);
		log.info("Corpus: {} drafts by {} authors", drafts.size(), this.bench.authors());

		Map<String, String> env = DevStackSettings.onFreePorts(Path.of("."), work.resolve("stack"));
		env.put("SEED_SAMPLES", "false");
		env.put("EDITOR_TOKEN", TOKEN);
		env.put("PIPELINE_TOPICS_PARTITIONS", Integer.toString(PARTITIONS));
		// measured as they run in production (the images keep the JIT's default tiers), not as the quick-starting
		// dev stack, whose C1-only default trades peak speed for startup
		env.put("SERVICE_JVM_OPTS", this.bench.serviceJvmOptions());
		DevStackSettings settings = DevStackSettings.from(env::get);
		try (DevStack stack = DevStack.start(settings);
				S3Client s3 = S3Client.builder()
					.endpointOverride(settings.s3Endpoint())
					.region(Region.US_EAST_1)
					.forcePathStyle(true)
					// the raw PUT baseline puts as publish-service does over HTTP: the body in one signed piece
					.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
					.serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
					.credentialsProvider(StaticCredentialsProvider
						.create(AwsBasicCredentials.create(settings.s3AccessKey(), settings.s3SecretKey())))
					.build();
				PublishedWatcher watcher = new PublishedWatcher(settings.kafkaBootstrapServers())) {
			measure(stack, settings, s3, watcher, drafts, hugoSite);
		}
	}

	private void measure(DevStack stack, DevStackSettings settings, S3Client s3, PublishedWatcher watcher,
			List<String> drafts, Path hugoSite) throws Exception {
		String bootstrap = settings.kafkaBootstrapServers();
		double produce = Baselines.kafkaProduceRate(bootstrap, drafts, PARTITIONS);
		double consume = Baselines.kafkaConsumeRate(bootstrap, drafts.size(), PARTITIONS);
		log.info("Raw Kafka: produce {}/s, consume {}/s", round(produce), round(consume));
		s3.createBucket((r) -> r.bucket("bench-raw"));
		int puts = Math.min(drafts.size(), 3000);
		double put1 = Baselines.s3PutRate(s3, "bench-raw", puts, 12 * 1024, 1);
		double put8 = Baselines.s3PutRate(s3, "bench-raw", puts, 12 * 1024, 8);
		log.info("Raw S3 PUT (12 KiB): {}/s with 1 caller, {}/s with 8", round(put1), round(put8));
		double commonmark = Baselines.commonmarkRate(drafts);
		log.info("Bare commonmark-java: {} posts/s", round(commonmark));
		Baselines.Hugo hugo = null;
		if (this.bench.hugo()) {
			s3.createBucket((r) -> r.bucket("hugo"));
			hugo = Baselines.Hugo.measure(hugoSite, settings.s3Endpoint().toString(), settings.s3AccessKey(),
					settings.s3SecretKey(), "hugo");
			log.info("Hugo: build {} s, deploy {} s, one edit {} s", hugo.buildSeconds(), hugo.deploySeconds(),
					hugo.editSeconds());
		}

		if (this.bench.warmUpPosts() > 0) {
			warmUp(settings, watcher, drafts);
		}
		Map<String, Long> pids = new LinkedHashMap<>();
		stack.processes().forEach((name, process) -> pids.put(name, process.pid()));
		pids.put("bench driver", ProcessHandle.current().pid());
		Map<String, Integer> servicePorts = Map.of("ingest-service", settings.ingestManagementPort(), "render-service",
				settings.renderPort(), "publish-service", settings.publishPort());

		// Bulk: every draft through the API, until every post is live.
		SitemapBacklog.awaitWritten(this.http, settings.publishPort(), SITEMAP_WAIT);
		Map<String, GcPauses.Totals> beforeBulk = GcPauses.read(this.http, servicePorts);
		log.info("Collections so far (warm-up): {}", beforeBulk);
		CpuTime bulkCpu = CpuTime.start(pids);
		List<Double> acceptMillis = Collections.synchronizedList(new ArrayList<>());
		AtomicInteger rejected = new AtomicInteger();
		long bulkStart = System.nanoTime();
		List<String[]> accepted = submitAll(settings, drafts, acceptMillis, rejected);
		double acceptSeconds = Baselines.seconds(bulkStart);
		awaitLive(watcher, accepted, bulkStart);
		// complete in the bucket: also the sitemap parts publish put off while the posts went live
		SitemapBacklog.awaitWritten(this.http, settings.publishPort(), SITEMAP_WAIT);
		double bulkSeconds = Baselines.seconds(bulkStart);
		CpuTime.Phase bulkUsed = bulkCpu.stop();
		Map<String, GcPauses.Totals> afterBulk = GcPauses.read(this.http, servicePorts);
		double bulkRate = accepted.size() / bulkSeconds;
		log.info("Bulk: {} posts live in {} s ({} posts/s), {} refused", accepted.size(), round(bulkSeconds),
				round(bulkRate), rejected.get());

		// Live edits at half the bulk rate, while the whole site is live.
		double editRate = bulkRate / 2;
		settle(settings);
		CpuTime editCpu = CpuTime.start(pids);
		Map<String, List<Double>> editMillis = (this.bench.edits() > 0)
				? liveEdits(settings, watcher, drafts, accepted, editRate, this.bench.edits()) : Map.of();
		CpuTime.Phase editsUsed = editCpu.stop();
		Map<String, GcPauses.Totals> afterEdits = GcPauses.read(this.http, servicePorts);
		Stats edits = Stats.of(editMillis.getOrDefault(SUBMIT_TO_LIVE, List.of()));
		log.info("Edits at {}/s: p50 {} ms, p99 {} ms", round(editRate), edits.p50(), edits.p99());
		Map<String, Stats> editStages = new LinkedHashMap<>();
		editMillis.forEach((segment, millis) -> editStages.put(segment, Stats.of(millis)));
		// the phase's first edits on their own: how the pipeline meets the stream after the quiet before it (the
		// whole phase of the runs before session 9)
		List<String> slower = new ArrayList<>();
		List<Double> inOrder = editMillis.getOrDefault(SUBMIT_TO_LIVE, List.of());
		if (inOrder.size() > ONSET_EDITS) {
			Stats onset = Stats.of(inOrder.subList(0, ONSET_EDITS));
			String label = "Live edits at " + round(editRate) + "/s, the first " + ONSET_EDITS
					+ " only (the phase's first " + round(ONSET_EDITS / editRate) + " s)";
			slower.add(row(label, "p50 " + round(onset.p50()) + " ms, p99 " + round(onset.p99()) + " ms, max "
					+ round(onset.max()) + " ms", ""));
		}
		// the same edits at lower rates: where the latency stands when the machine is not saturated
		for (double share : (this.bench.edits() > 0) ? this.bench.extraEditShares() : List.<Double>of()) {
			double rate = bulkRate * share;
			settle(settings);
			CpuTime phaseCpu = CpuTime.start(pids);
			Stats phase = Stats.of(
					liveEdits(settings, watcher, drafts, accepted, rate, this.bench.edits()).get(SUBMIT_TO_LIVE));
			CpuTime.Phase used = phaseCpu.stop();
			double cpuPerEdit = sum(used.seconds()) * 1000 / phase.count();
			log.info("Edits at {}/s: p50 {} ms, p99 {} ms; CPU seconds {} (JIT {})", round(rate), phase.p50(),
					phase.p99(), used.seconds(), used.jitSeconds());
			slower.add(row("Live edits at " + round(rate) + "/s (" + round(share) + " × the bulk rate)",
					"p50 " + round(phase.p50()) + " ms, p99 " + round(phase.p99()) + " ms, p99.9 "
							+ round(phase.p999()) + " ms (" + phase.count() + " edits)",
					"machine busy " + pct(used.machineBusy()) + ", " + round(cpuPerEdit)
							+ " ms CPU per edit (all processes)"));
		}

		Map<String, Long> peakRss = new HashMap<>();
		for (Map.Entry<String, ServerProcess> service : stack.services().entrySet()) {
			peakRss.put(service.getKey(), peakRssKib(service.getValue().pid()));
		}
		List<String> resources = new ArrayList<>(cpu(accepted.size(), bulkUsed, edits.count(), editsUsed));
		resources.addAll(gc(GcPauses.between(beforeBulk, afterBulk), GcPauses.between(afterBulk, afterEdits)));
		write(settings, drafts.size(), produce, consume, put1, put8, commonmark, hugo, bulkSeconds, bulkRate,
				acceptSeconds, Stats.of(acceptMillis), rejected.get(), editRate, edits, editStages, slower, peakRss,
				resources);
	}

	/**
	 * Lets the stack settle before an edit phase, so no phase measures what the one before left: waits until publish
	 * has written the sitemap parts it put off, then {@link #SETTLE} more.
	 */
	private void settle(DevStackSettings settings) throws IOException, InterruptedException {
		SitemapBacklog.awaitWritten(this.http, settings.publishPort(), SITEMAP_WAIT);
		Thread.sleep(SETTLE.toMillis());
	}

	/**
	 * Sends every draft to the API with {@link BenchSettings#clients()} concurrent clients (closed loop) and returns
	 * the accepted ones as (post id, index of the draft), noting each answer's time and counting the refused.
	 */
	private List<String[]> submitAll(DevStackSettings settings, List<String> drafts, List<Double> acceptMillis,
			AtomicInteger rejected) throws Exception {
		List<String[]> accepted = Collections.synchronizedList(new ArrayList<>());
		AtomicInteger next = new AtomicInteger();
		ExecutorService clients = Executors.newFixedThreadPool(this.bench.clients());
		List<Future<?>> workers = new ArrayList<>();
		for (int c = 0; c < this.bench.clients(); c++) {
			workers.add(clients.submit(() -> {
				for (int i = next.getAndIncrement(); i < drafts.size(); i = next.getAndIncrement()) {
					long start = System.nanoTime();
					HttpResponse<String> response = send(settings.editorApiUrl(), "POST", drafts.get(i));
					acceptMillis.add((System.nanoTime() - start) / 1e6);
					if (response.statusCode() == 202) {
						JsonNode body = JSON.readTree(response.body());
						accepted.add(new String[] { body.get("postId").asString(), Integer.toString(i) });
					}
					else {
						rejected.incrementAndGet();
						log.warn("Draft {} refused ({}): {}", i, response.statusCode(), response.body());
					}
				}
				return null;
			}));
		}
		for (Future<?> worker : workers) {
			worker.get();
		}
		clients.shutdown();
		return accepted;
	}

	/**
	 * Warms the stack up as a running production system would be: publishes the first
	 * {@link BenchSettings#warmUpPosts()} drafts of the corpus under other authors and slugs, edits them, then
	 * withdraws them all, so every service (and the broker and S3 server) has run and compiled the code the measured
	 * phases run, and the site holds none of them afterwards.
	 */
	private void warmUp(DevStackSettings settings, PublishedWatcher watcher, List<String> drafts) throws Exception {
		long start = System.nanoTime();
		List<String> warmUpDrafts = new ArrayList<>();
		for (int i = 0; i < Math.min(this.bench.warmUpPosts(), drafts.size()); i++) {
			ObjectNode draft = (ObjectNode) JSON.readTree(drafts.get(i));
			ObjectNode author = (ObjectNode) draft.get("author");
			author.put("id", "warm-up-" + author.get("id").asString());
			draft.put("slug", "warm-up-" + i);
			warmUpDrafts.add(JSON.writeValueAsString(draft));
		}
		AtomicInteger rejected = new AtomicInteger();
		List<String[]> posts = submitAll(settings, warmUpDrafts, Collections.synchronizedList(new ArrayList<>()),
				rejected);
		if (rejected.get() > 0) {
			throw new IllegalStateException(rejected.get() + " warm-up drafts were refused");
		}
		awaitLive(watcher, posts, start);
		double rate = posts.size() / Baselines.seconds(start);
		liveEdits(settings, watcher, warmUpDrafts, posts, rate / 2, this.bench.warmUpEdits());
		withdrawAll(settings, watcher, posts);
		log.info("Warm-up: {} posts published at {}/s, {} edits, all withdrawn, in {} s", posts.size(), round(rate),
				this.bench.warmUpEdits(), round(Baselines.seconds(start)));
	}

	/** Withdraws the posts through the API and waits until each withdrawal is announced. */
	private void withdrawAll(DevStackSettings settings, PublishedWatcher watcher, List<String[]> posts)
			throws Exception {
		ExecutorService clients = Executors.newFixedThreadPool(this.bench.clients());
		List<Future<String[]>> withdrawals = new ArrayList<>();
		for (String[] post : posts) {
			withdrawals.add(clients.submit(() -> {
				HttpResponse<String> response = send(settings.editorApiUrl().resolve("posts/" + post[0]), "DELETE",
						null);
				if (response.statusCode() != 202) {
					throw new IllegalStateException("A withdrawal was refused (" + response.statusCode() + "): "
							+ response.body());
				}
				return new String[] { post[0], Long.toString(JSON.readTree(response.body()).get("version").asLong()) };
			}));
		}
		long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
		for (Future<String[]> withdrawal : withdrawals) {
			String[] version = withdrawal.get();
			while (watcher.withdrawnAt(version[0], Long.parseLong(version[1])) == null) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("Post " + version[0] + " was never withdrawn");
				}
				Thread.sleep(20);
			}
		}
		clients.shutdown();
	}

	/** Waits until version 1 of every post is live. */
	private static void awaitLive(PublishedWatcher watcher, List<String[]> posts, long since)
			throws InterruptedException {
		while (!posts.stream().allMatch((a) -> watcher.liveAt(a[0], 1) != null)) {
			if (Baselines.seconds(since) > 3600) {
				throw new IllegalStateException("The posts did not all go live within an hour");
			}
			Thread.sleep(100);
		}
	}

	/**
	 * Sends {@code count} edits at {@code rate} (open loop) and returns, per edit, the submit → live latency
	 * ({@link #SUBMIT_TO_LIVE}) and the time spent between consecutive {@link PublishedWatcher.Stage stages}.
	 */
	private Map<String, List<Double>> liveEdits(DevStackSettings settings, PublishedWatcher watcher,
			List<String> drafts, List<String[]> accepted, double rate, int count) throws Exception {
		// the edited drafts are made before the clock starts, so the driver's own work does not take CPU from the
		// pipeline while it is measured
		List<String> edited = new ArrayList<>(count);
		for (int e = 0; e < count; e++) {
			String[] post = accepted.get(e % accepted.size());
			ObjectNode draft = (ObjectNode) JSON.readTree(drafts.get(Integer.parseInt(post[1])));
			draft.put("bodyMarkdown", draft.get("bodyMarkdown").asString() + "\n\nEdit number " + e + ".");
			edited.add(JSON.writeValueAsString(draft));
		}
		List<CompletableFuture<double[]>> pending = new ArrayList<>();
		ExecutorService editors = Executors.newFixedThreadPool(this.bench.clients());
		long intervalNanos = (long) (1e9 / rate);
		long start = System.nanoTime();
		for (int e = 0; e < count; e++) {
			long due = start + e * intervalNanos;
			// parked, not spinning: a spinning driver would take one of the cores the pipeline runs on
			for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
				LockSupport.parkNanos(wait);
			}
			String[] post = accepted.get(e % accepted.size());
			String body = edited.get(e);
			long sent = System.nanoTime();
			pending.add(CompletableFuture.supplyAsync(() -> {
				HttpResponse<String> response = send(settings.editorApiUrl().resolve("posts/" + post[0]), "PUT",
						body);
				if (response.statusCode() != 202) {
					throw new IllegalStateException("An edit was refused (" + response.statusCode() + "): "
							+ response.body() + " — does ingest support PUT /api/posts/{id} yet?");
				}
				long answered = System.nanoTime();
				return new double[] { sent, JSON.readTree(response.body()).get("version").asLong(), answered };
			}, editors));
		}
		Map<String, List<Double>> latencies = new LinkedHashMap<>();
		latencies.put(SUBMIT_TO_LIVE, new ArrayList<>());
		for (int e = 0; e < pending.size(); e++) {
			double[] result = pending.get(e).get();
			String postId = accepted.get(e % accepted.size())[0];
			long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
			Long live;
			while ((live = watcher.liveAt(postId, (long) result[1])) == null && System.nanoTime() < deadline) {
				Thread.sleep(5);
			}
			if (live == null) {
				throw new IllegalStateException("Version " + (long) result[1] + " of " + postId + " never went live");
			}
			latencies.get(SUBMIT_TO_LIVE).add((live - (long) result[0]) / 1e6);
			// the API's 202 (ingest's group commit) first, then the stages the watcher saw; a stage seen before the
			// 202 reached the driver (the answer's trip back raced the pipeline) counts from the 202
			long previous = (long) result[2];
			latencies.computeIfAbsent("submit → accepted", (segment) -> new ArrayList<>())
				.add((previous - (long) result[0]) / 1e6);
			String from = "accepted";
			for (PublishedWatcher.Stage stage : PublishedWatcher.Stage.values()) {
				Long reached = watcher.reachedAt(stage, postId, (long) result[1]);
				if (reached == null) {
					continue;
				}
				String to = stage.name().toLowerCase(Locale.ROOT).replace('_', ' ');
				long at = Math.max(reached, previous);
				latencies.computeIfAbsent(from + " → " + to, (segment) -> new ArrayList<>())
					.add((at - previous) / 1e6);
				previous = at;
				from = to;
			}
		}
		editors.shutdown();
		return latencies;
	}

	private HttpResponse<String> send(URI uri, String method, @Nullable String body) {
		try {
			return this.http.send(HttpRequest.newBuilder(uri)
				.timeout(Duration.ofSeconds(30))
				.header("Authorization", "Bearer " + TOKEN)
				.header("Content-Type", "application/json")
				.method(method, (body == null) ? HttpRequest.BodyPublishers.noBody()
						: HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException("The editor API did not answer", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	private void write(DevStackSettings settings, int posts, double produce, double consume, double put1,
			double put8, double commonmark, Baselines.Hugo hugo, double bulkSeconds, double bulkRate,
			double acceptSeconds, Stats accept, int rejected, double editRate, Stats edits,
			Map<String, Stats> editStages, List<String> slowerEdits, Map<String, Long> peakRss,
			List<String> resources)
			throws IOException {
		List<String> lines = new ArrayList<>();
		lines.add("Measured " + LocalDate.now() + " on " + machine() + ", " + posts + " posts by "
				+ this.bench.authors() + " authors, " + this.bench.clients() + " API clients, " + PARTITIONS
				+ " partitions. Services run with `" + String.join(" ", settings.serviceJvmOptions()) + "`. "
				+ ((this.bench.warmUpPosts() > 0) ? "Measured after a warm-up (not measured): " + this.bench.warmUpPosts()
						+ " drafts published under other authors, " + this.bench.warmUpEdits() + " edits of them, all"
						+ " withdrawn, so the JVMs have compiled the code the measured phases run."
						: "Measured from cold JVMs (no warm-up)."));
		lines.add("");
		lines.add("| measure | value | ratio |");
		lines.add("|---|---|---|");
		lines.add(row("Bulk: corpus through the API until every post is live", round(bulkSeconds) + " s, "
				+ round(bulkRate) + " posts/s", ""));
		lines.add(row("  of which: accepted by the API", round(posts / acceptSeconds) + " drafts/s, p50 "
				+ round(accept.p50()) + " ms, p99 " + round(accept.p99()) + " ms, " + rejected + " refused", ""));
		lines.add(row("Raw Kafka producer, same records, acks=all", round(produce) + " records/s",
				"API accepts at " + pct(posts / acceptSeconds / produce) + " of it"));
		lines.add(row("Raw Kafka consumer", round(consume) + " records/s", ""));
		lines.add(row("Raw S3 PUT, 12 KiB, 1 caller / 8 callers", round(put1) + " / " + round(put8) + " PUT/s",
				"pipeline = " + pct(bulkRate / put1) + " of 1-caller PUT/s"));
		lines.add(row("Bare commonmark-java parse+render, 1 thread", round(commonmark) + " posts/s",
				"pipeline = " + pct(bulkRate / commonmark)));
		if (hugo != null) {
			double hugoTotal = hugo.buildSeconds() + hugo.deploySeconds();
			lines.add(row("Hugo build + deploy of the same corpus to the same S3 server",
					round(hugo.buildSeconds()) + " s + " + round(hugo.deploySeconds()) + " s",
					"pipeline bulk time = " + round(bulkSeconds / hugoTotal) + "× Hugo's (goal ≤ 1)"));
			lines.add(row("Hugo: one edit rebuilt and deployed", round(hugo.editSeconds() * 1000) + " ms",
					"edit p99 is " + round(hugo.editSeconds() * 1000 / edits.p99()) + "× faster (goal ≥ 20)"));
		}
		lines.add(row("Live edits at " + round(editRate) + "/s, submit → PostPublished",
				"p50 " + round(edits.p50()) + " ms, p99 " + round(edits.p99()) + " ms, p99.9 " + round(edits.p999())
						+ " ms (" + edits.count() + " edits)",
				"goal p99 ≤ 500 ms"));
		editStages.forEach((segment, stats) -> {
			if (!SUBMIT_TO_LIVE.equals(segment)) {
				lines.add(row("  of which " + segment, "p50 " + round(stats.p50()) + " ms, p99 " + round(stats.p99())
						+ " ms (" + stats.count() + ")", ""));
			}
		});
		lines.addAll(slowerEdits);
		peakRss.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByKey())
			.forEach((e) -> lines.add(row("Peak RSS " + e.getKey(), (e.getValue() / 1024) + " MiB", "")));
		lines.addAll(resources);
		if (hugo != null) {
			lines.add("");
			lines.add("Hugo: `" + hugo.version() + "`.");
		}
		lines.forEach(log::info);
		replaceSection(this.bench.report(), lines);
	}

	/**
	 * The report's lines on where the CPU went in each phase: every process's CPU seconds, the part its JIT compiler
	 * threads used, milliseconds per post or edit, and how busy the machine was. A process near its share of the
	 * cores bounds the phase; a busy machine means every stage waits for CPU; a large JIT part means the JVMs were
	 * still compiling what the phase ran.
	 */
	private static List<String> cpu(int posts, CpuTime.Phase bulk, int edits, CpuTime.Phase editPhase) {
		List<String> lines = new ArrayList<>();
		lines.add("");
		lines.add("CPU time per process (from `/proc`), in seconds for the phase (of which the JVM's JIT compiler "
				+ "threads) and milliseconds per post or edit:");
		lines.add("");
		lines.add("| process | bulk: CPU s (JIT) | bulk: ms per post | edits: CPU s (JIT) | edits: ms per edit |");
		lines.add("|---|---|---|---|---|");
		bulk.seconds().forEach((name, seconds) -> lines.add(cpuRow(name, seconds, bulk.jitSeconds().get(name), posts,
				editPhase.seconds().get(name), editPhase.jitSeconds().get(name), edits)));
		lines.add(cpuRow("all processes", sum(bulk.seconds()), sum(bulk.jitSeconds()), posts,
				sum(editPhase.seconds()), sum(editPhase.jitSeconds()), edits));
		lines.add("| machine busy (all cores) | " + pct(bulk.machineBusy()) + " | | " + pct(editPhase.machineBusy())
				+ " | |");
		return lines;
	}

	/**
	 * The report's lines on how long the collectors stopped each service in each phase (young and full collections):
	 * a pause stops every stage of the service at once, so a long one shows in the edits' tail latency.
	 */
	private static List<String> gc(Map<String, GcPauses.Totals> bulk, Map<String, GcPauses.Totals> edits) {
		List<String> lines = new ArrayList<>();
		lines.add("");
		lines.add("Collector pauses per service (Micrometer's `jvm.gc.pause`): collections, and the seconds they stopped "
				+ "the service, in the bulk load and in the edits at half its rate:");
		lines.add("");
		lines.add("| service | bulk: young | bulk: full | edits: young | edits: full |");
		lines.add("|---|---|---|---|---|");
		new TreeMap<>(bulk).forEach((service, phase) -> {
			GcPauses.Totals edit = edits.get(service);
			lines.add("| " + service + " | " + pauses(phase.minor(), phase.minorSeconds()) + " | "
					+ pauses(phase.major(), phase.majorSeconds()) + " | " + pauses(edit.minor(), edit.minorSeconds())
					+ " | " + pauses(edit.major(), edit.majorSeconds()) + " |");
		});
		return lines;
	}

	private static String pauses(long count, double seconds) {
		return (count == 0) ? "0" : count + " (" + round(seconds) + " s)";
	}

	private static String cpuRow(String name, double bulk, @Nullable Double bulkJit, int posts, @Nullable Double edits,
			@Nullable Double editsJit, int editCount) {
		return "| " + name + " | " + round(bulk) + jit(bulkJit) + " | " + round(bulk * 1000 / posts) + " | "
				+ ((edits == null) ? "" : round(edits) + jit(editsJit)) + " | "
				+ ((edits == null || editCount == 0) ? "" : round(edits * 1000 / editCount)) + " |";
	}

	private static String jit(@Nullable Double seconds) {
		return (seconds == null) ? "" : " (" + round(seconds) + ")";
	}

	private static double sum(Map<String, Double> seconds) {
		return seconds.values().stream().mapToDouble(Double::doubleValue).sum();
	}

	private static String row(String measure, String value, String ratio) {
		return "| " + measure + " | " + value + " | " + ratio + " |";
	}

	/** Replaces the text between the pipeline benchmark markers of the report. */
	private static void replaceSection(Path report, List<String> lines) throws IOException {
		String start = "<!-- pipeline-bench:start -->";
		String end = "<!-- pipeline-bench:end -->";
		String text = Files.exists(report) ? Files.readString(report) : "";
		String section = start + "\n" + String.join("\n", lines) + "\n" + end;
		int from = text.indexOf(start);
		int to = text.indexOf(end);
		text = (from >= 0 && to > from) ? text.substring(0, from) + section + text.substring(to + end.length())
				: text + "\n" + section + "\n";
		Files.writeString(report, text);
	}

	private static String machine() throws IOException {
		String memory = Files.readAllLines(Path.of("/proc/meminfo"))
			.stream()
			.filter((l) -> l.startsWith("MemTotal"))
			.findFirst()
			.map((l) -> Long.parseLong(l.replaceAll("\\D", "")) / 1024 / 1024 + " GiB")
			.orElse("? GiB");
		return Runtime.getRuntime().availableProcessors() + " cores, " + memory + ", Java "
				+ System.getProperty("java.version");
	}

	private static long peakRssKib(long pid) throws IOException {
		return Files.readAllLines(Path.of("/proc/" + pid + "/status"))
			.stream()
			.filter((l) -> l.startsWith("VmHWM"))
			.findFirst()
			.map((l) -> Long.parseLong(l.replaceAll("\\D", "")))
			.orElse(-1L);
	}

	private static String round(double value) {
		return (value >= 100) ? String.format("%.0f", value) : String.format("%.2f", value);
	}

	private static String pct(double ratio) {
		return String.format((ratio < 0.1) ? "%.1f %%" : "%.0f %%", ratio * 100);
	}

	private static void deleteRecursively(Path dir) throws IOException {
		if (!Files.exists(dir)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(dir)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

}

package blog.pipeline.reliability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import blog.pipeline.devstack.DevStack;
import blog.pipeline.devstack.DevStackSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Faults injected into the running system under load, counted the way Kafka's system tests and Jepsen do: after each
 * scenario the bucket is compared with the accepted events, and every anomaly must be zero.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultInjectionTests {

	private static final Logger log = LoggerFactory.getLogger(FaultInjectionTests.class);

	private static final String TOKEN = "reliability-editor-token";

	private static final int POSTS = Integer.getInteger("reliability.posts", 60);

	private static final Duration CONVERGENCE = Duration.ofSeconds(180);

	@TempDir
	static Path dataDir;

	private DevStack stack;

	private EditorClient editor;

	private final List<String> rows = new ArrayList<>();

	@BeforeAll
	void startTheStack() {
		Map<String, String> env = DevStackSettings.onFreePorts(Path.of("..").toAbsolutePath().normalize(), dataDir);
		env.put("SEED_SAMPLES", "false");
		env.put("EDITOR_TOKEN", TOKEN);
		env.put("PIPELINE_TOPICS_PARTITIONS", "6");
		this.stack = DevStack.start(DevStackSettings.from(env::get));
		this.editor = new EditorClient(this.stack.settings().editorApiUrl().resolve("/api/"), TOKEN);
	}

	@AfterAll
	void stopTheStackAndReport() throws IOException {
		if (this.stack != null) {
			this.stack.close();
		}
		writeReport();
	}

	@Test
	@Order(1)
	void killingEachServiceInTurnUnderLoadLosesNothing() throws Exception {
		Oracle oracle = new Oracle();
		Random random = new Random(7);
		LoadGenerator generator = new LoadGenerator(this.editor, oracle, "crash");
		CompletableFuture<Void> load = runLoad(generator);
		double share = 0.1;
		for (String service : DevStack.SERVICES) {
			share += 0.15 + random.nextDouble() * 0.1;
			generator.awaitProgress(POSTS, share);
			log.info("kill -9 {} after {}", service, generator.describe());
			this.stack.crash(service);
			EditorClient.sleep(500 + random.nextInt(1000));
			this.stack.restart(service);
		}
		load.get(10, TimeUnit.MINUTES);

		assertConverged("kill -9 of each service in turn, restarted", oracle, generator.describe(),
				"kill -9 ingest, render, publish at random moments during the load, each restarted");
	}

	@Test
	@Order(2)
	void aBrokerRestartMidLoadAnswers503AndRecoversAlone() throws Exception {
		Oracle oracle = new Oracle();
		LoadGenerator generator = new LoadGenerator(this.editor, oracle, "broker");
		CompletableFuture<Void> load = runLoad(generator);
		generator.awaitProgress(POSTS, 0.3);
		this.stack.stopKafka();
		int status = probe();
		assertThat(status).as("a draft sent while the broker is down is never accepted").isEqualTo(503);
		EditorClient.sleep(3000);
		this.stack.startKafka();
		load.get(10, TimeUnit.MINUTES);

		assertConverged("Broker restart mid-load", oracle, generator.describe(),
				"broker stopped at 30 % of the load, restarted ~4 s later; a draft sent meanwhile got 503");
	}

	@Test
	@Order(3)
	void anS3OutageMidLoadLosesNothing() throws Exception {
		Oracle oracle = new Oracle();
		int outage = Integer.getInteger("reliability.s3OutageSeconds", 30);
		LoadGenerator generator = new LoadGenerator(this.editor, oracle, "s3");
		CompletableFuture<Void> load = runLoad(generator);
		generator.awaitProgress(POSTS, 0.2);
		this.stack.stopS3();
		EditorClient.sleep(outage * 1000L);
		this.stack.startS3();
		load.get(10, TimeUnit.MINUTES);

		assertConverged("S3 outage mid-load", oracle, generator.describe(),
				"S3Proxy stopped at 20 % of the load for " + outage + " s");
	}

	@Test
	@Order(4)
	void fiftyVersionsOfOnePostWithAPublishRestartEndOnTheLast() {
		Oracle oracle = new Oracle();
		String draft = """
				{"title": "Ordering probe", "author": {"id": "ordering-probe", "name": "Ordering Probe"},
				 "bodyMarkdown": "Version %d.", "tags": []}""";
		this.editor.retries.set(0);
		JsonNode created = this.editor.send("POST", "posts", draft.formatted(1));
		String postId = created.get("postId").asString();
		JsonNode last = created;
		for (int v = 2; v <= 50; v++) {
			if (v == 25) {
				this.stack.crash("publish-service");
				CompletableFuture.runAsync(() -> this.stack.restart("publish-service"));
			}
			last = this.editor.send("PUT", "posts/" + postId, draft.formatted(v));
		}
		oracle.accepted(new Oracle.Expected(postId, last.get("version").asLong(), "ordering-probe",
				last.get("slug").asString(), false));

		assertConverged("Ordering: 50 versions of one post", oracle, "1 post, 49 updates as fast as accepted",
				"publish kill -9 after version 24, restarted");
	}

	private CompletableFuture<Void> runLoad(LoadGenerator generator) {
		this.editor.retries.set(0);
		return CompletableFuture.runAsync(() -> {
			try {
				generator.run(POSTS, 4, generator.seed());
			}
			catch (Exception ex) {
				throw new IllegalStateException("The load failed", ex);
			}
		});
	}

	/** Waits until the bucket agrees with the oracle, then asserts that no anomaly is left and records the row. */
	private void assertConverged(String scenario, Oracle oracle, String load, String faults) {
		SiteInspector inspector = new SiteInspector(this.stack.s3(), this.stack.settings().bucket());
		long start = System.nanoTime();
		SiteInspector.Anomalies anomalies = inspector.inspect(oracle.posts());
		while (anomalies.total() > 0 && System.nanoTime() - start < CONVERGENCE.toNanos()) {
			EditorClient.sleep(1000);
			anomalies = inspector.inspect(oracle.posts());
		}
		long seconds = (System.nanoTime() - start) / 1_000_000_000L;
		this.rows.add("| " + scenario + " | " + load + " | " + faults + " | " + anomalies.checked() + " | "
				+ anomalies.lost() + " | " + anomalies.duplicated() + " | " + anomalies.regressed() + " | "
				+ anomalies.staleVisible() + " | " + ((anomalies.total() > 0) ? anomalies.total() : 0) + " | "
				+ seconds + " s | " + this.editor.retries.get() + " |");
		log.info("{}: {}", scenario, anomalies);
		assertThat(anomalies.total()).as("anomalies after %s: %s", scenario, anomalies).isZero();
	}

	private int probe() {
		HttpClient http = HttpClient.newHttpClient();
		URI api = this.stack.settings().editorApiUrl();
		String draft = """
				{"title": "Probe during the outage", "author": {"id": "probe", "name": "Probe"},
				 "bodyMarkdown": "Probe.", "tags": []}""";
		try {
			return http.send(HttpRequest.newBuilder(api)
				.timeout(Duration.ofSeconds(10))
				.header("Authorization", "Bearer " + TOKEN)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(draft))
				.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
		}
		catch (IOException ex) {
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	private void writeReport() throws IOException {
		String report = System.getProperty("reliability.report");
		if (report == null || report.isBlank() || this.rows.isEmpty()) {
			return;
		}
		Path file = Path.of(report);
		String start = "<!-- fault-tests:start -->";
		String end = "<!-- fault-tests:end -->";
		String section = start + "\n| scenario | load | faults injected | posts checked | lost | duplicated | regressed "
				+ "| withdrawn or moved still visible | stuck | converged after | client retries |\n"
				+ "|---|---|---|---|---|---|---|---|---|---|---|\n" + String.join("\n", this.rows) + "\n" + end;
		String text = Files.exists(file) ? Files.readString(file) : "";
		int from = text.indexOf(start);
		int to = text.indexOf(end);
		if (from < 0 || to < from) {
			return;
		}
		Files.writeString(file, text.substring(0, from) + section + text.substring(to + end.length()));
	}

}

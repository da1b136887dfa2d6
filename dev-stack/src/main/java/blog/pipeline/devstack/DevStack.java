package blog.pipeline.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import blog.pipeline.stack.KafkaBrokerServer;
import blog.pipeline.stack.S3ProxyServer;
import blog.pipeline.stack.ServerProcess;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The one-command local run: a real Kafka broker (KRaft) and S3Proxy as their own processes, the three services from
 * their built jars, the edge on the site port, and the sample posts on first start. Ctrl-C stops everything.
 */
public final class DevStack implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(DevStack.class);

	public static final List<String> SERVICES = List.of("ingest-service", "render-service", "publish-service");

	private static final String SEEDED_MARKER = "samples-submitted";

	private final DevStackSettings settings;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final Map<String, ServerProcess> services = new LinkedHashMap<>();

	private @Nullable KafkaBrokerServer kafka;

	private @Nullable S3ProxyServer s3Proxy;

	private @Nullable S3Client s3;

	private @Nullable Edge edge;

	private DevStack(DevStackSettings settings) {
		this.settings = settings;
	}

	public static void main(String[] args) throws InterruptedException {
		Instant begin = Instant.now();
		DevStack stack = new DevStack(DevStackSettings.fromEnvironment());
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			log.info("Stopping the services, the edge, S3Proxy and the Kafka broker");
			stack.close();
			stopped.countDown();
		}, "dev-stack-shutdown"));
		try {
			stack.start();
		}
		catch (RuntimeException ex) {
			log.error("The dev stack could not start: {}", ex.getMessage());
			System.exit(1);
		}
		log.info(stack.banner(Duration.between(begin, Instant.now())));
		stopped.await();
	}

	/** Starts every part and returns once the site is served (and, on first start, lists the sample posts). */
	public static DevStack start(DevStackSettings settings) {
		DevStack stack = new DevStack(settings);
		try {
			stack.start();
			return stack;
		}
		catch (RuntimeException ex) {
			stack.close();
			throw ex;
		}
	}

	private void start() {
		DevStackSettings s = this.settings;
		SERVICES.forEach(this::serviceJar);
		Path dataDir = createDirectories(s.dataDir());
		log.info("Starting the Kafka broker (KRaft) on port {} and S3Proxy on port {}, data in {}", s.kafkaPort(),
				s.s3Port(), dataDir.toAbsolutePath());
		startKafka();
		startS3();
		this.s3 = S3Client.builder()
			.endpointOverride(s.s3Endpoint())
			.region(Region.US_EAST_1)
			.forcePathStyle(true)
			.credentialsProvider(
					StaticCredentialsProvider.create(AwsBasicCredentials.create(s.s3AccessKey(), s.s3SecretKey())))
			.build();
		createBucket();
		SERVICES.forEach(this::launch);
		SERVICES.forEach(this::awaitHealthy);
		this.edge = Edge.start(s.sitePort(), this.s3, s.bucket());
		if (s.seedSamples() && !Files.exists(dataDir.resolve(SEEDED_MARKER))) {
			seedSamples(dataDir);
		}
	}

	/** Starts (or starts again) the Kafka broker on the same ports and log. */
	public synchronized void startKafka() {
		this.kafka = KafkaBrokerServer.start(createDirectories(this.settings.dataDir().resolve("kafka")),
				this.settings.kafkaPort(), this.settings.kafkaControllerPort(), this.settings.topicPartitions());
	}

	/** Stops the Kafka broker gracefully, as a broker restart would. */
	public synchronized void stopKafka() {
		this.kafka.stop();
	}

	/** Starts (or starts again) S3Proxy on the same port and data. */
	public synchronized void startS3() {
		this.s3Proxy = S3ProxyServer.start(createDirectories(this.settings.dataDir().resolve("s3")),
				this.settings.s3Port(), this.settings.s3AccessKey(), this.settings.s3SecretKey());
	}

	/** Stops S3Proxy: the bucket is unreachable until {@link #startS3()}. */
	public synchronized void stopS3() {
		this.s3Proxy.stop();
	}

	/** Kills a service at once (SIGKILL), as a crash would. */
	public synchronized void crash(String service) {
		requireService(service).kill();
	}

	/** Starts a stopped or crashed service again and waits until it is healthy. */
	public void restart(String service) {
		restart(service, Map.of());
	}

	/**
	 * Starts a service again with some settings changed (e.g. render with another page template), and waits until it
	 * is healthy; later restarts go back to the stack's own settings.
	 */
	public void restart(String service, Map<String, String> environment) {
		synchronized (this) {
			ServerProcess old = requireService(service);
			if (old.isAlive()) {
				old.stop();
			}
			launch(service, environment);
		}
		awaitHealthy(service);
	}

	private ServerProcess requireService(String service) {
		ServerProcess process = this.services.get(service);
		if (process == null) {
			throw new DevStackException("No service named " + service + "; the services are " + SERVICES);
		}
		return process;
	}

	private void launch(String service) {
		launch(service, Map.of());
	}

	private synchronized void launch(String service, Map<String, String> changed) {
		int port = port(service);
		log.info("Starting {} on port {}", service, port);
		Map<String, String> environment = new LinkedHashMap<>(this.settings.serviceEnvironment(service, port));
		environment.putAll(changed);
		this.services.put(service,
				ServerProcess.startJar(service, serviceJar(service), this.settings.serviceJvmOptions(), environment,
						this.settings.dataDir().resolve("logs").resolve(service + ".log")));
	}

	private void awaitHealthy(String service) {
		URI health = URI.create("http://localhost:" + managementPort(service) + "/actuator/health");
		this.services.get(service).awaitReady(() -> answersOk(health), Duration.ofSeconds(120));
	}

	/** Where the service's actuator answers: ingest's on a port of its own, the others' on their only port. */
	private int managementPort(String service) {
		return "ingest-service".equals(service) ? this.settings.ingestManagementPort() : port(service);
	}

	private int port(String service) {
		return switch (service) {
			case "ingest-service" -> this.settings.ingestPort();
			case "render-service" -> this.settings.renderPort();
			case "publish-service" -> this.settings.publishPort();
			default -> throw new DevStackException("No service named " + service);
		};
	}

	private void seedSamples(Path dataDir) {
		SamplePosts samples = SamplePosts.load(this.settings.siteUrl());
		for (SamplePosts.Cover cover : samples.covers()) {
			this.s3.putObject((request) -> request.bucket(this.settings.bucket())
				.key(cover.key())
				.contentType("image/svg+xml; charset=utf-8")
				.cacheControl("public, max-age=31536000, immutable"), RequestBody.fromBytes(cover.svg()));
		}
		List<String> slugs = samples.submit(this.http, this.settings.editorApiUrl(), this.settings.editorToken());
		URI authorPage = authorPageUrl();
		Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
		while (!listsEvery(authorPage, slugs)) {
			if (Instant.now().isAfter(deadline)) {
				throw new DevStackException("The sample posts were submitted but " + authorPage
						+ " does not list all of them after 60 s; see the service logs in " + dataDir.resolve("logs"));
			}
			sleep(200);
		}
		try {
			Files.writeString(dataDir.resolve(SEEDED_MARKER), String.join("\n", slugs) + "\n");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public DevStackSettings settings() {
		return this.settings;
	}

	/** A client of the stack's bucket, for checks from outside the services. */
	public S3Client s3() {
		if (this.s3 == null) {
			throw new DevStackException("The dev stack is not running");
		}
		return this.s3;
	}

	/** The running service processes by name, e.g. to read their memory use. */
	public Map<String, ServerProcess> services() {
		return Map.copyOf(this.services);
	}

	/** Every process of the stack by name: the services, the Kafka broker and S3Proxy, e.g. to read their CPU time. */
	public Map<String, ServerProcess> processes() {
		Map<String, ServerProcess> processes = new LinkedHashMap<>(this.services);
		if (this.kafka != null) {
			processes.put("kafka-broker", this.kafka);
		}
		if (this.s3Proxy != null) {
			processes.put("s3proxy", this.s3Proxy);
		}
		return processes;
	}

	public URI authorPageUrl() {
		return this.settings.siteUrl().resolve("authors/" + SamplePosts.AUTHOR_ID + "/");
	}

	private boolean listsEvery(URI page, List<String> slugs) {
		String body = get(page);
		return body != null && slugs.stream().allMatch((slug) -> body.contains("/posts/" + slug + "/"));
	}

	private void createBucket() {
		try {
			this.s3.headBucket((request) -> request.bucket(this.settings.bucket()));
		}
		catch (S3Exception ex) {
			this.s3.createBucket((request) -> request.bucket(this.settings.bucket()));
		}
	}

	private Path serviceJar(String service) {
		Path jar = this.settings.home().resolve(service).resolve("target").resolve(service + ".jar");
		if (!Files.isRegularFile(jar)) {
			throw new DevStackException(jar + " is missing: build first with 'mvn package -DskipTests' (the run "
					+ "command does this), or set PIPELINE_HOME to the project folder");
		}
		return jar;
	}

	private boolean answersOk(URI uri) {
		return get(uri) != null;
	}

	/** The body of a 200 answer, or {@code null}. */
	private String get(URI uri) {
		try {
			HttpResponse<String> response = this.http.send(
					HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
					HttpResponse.BodyHandlers.ofString());
			return response.statusCode() == 200 ? response.body() : null;
		}
		catch (IOException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	String banner(Duration startup) {
		DevStackSettings s = this.settings;
		return String.join(System.lineSeparator(), "", "The publishing pipeline is up (started in "
				+ String.format("%.1f", startup.toMillis() / 1000.0) + " s).",
				"  Site (edge):   " + s.siteUrl(), "  Author page:   " + authorPageUrl(),
				"  Editor API:    " + s.editorApiUrl() + "   with  Authorization: Bearer " + s.editorToken(),
				"  Ops page:      " + s.opsUrl() + "   ops token: " + s.opsToken(),
				"  Full replay:   ./replay.sh   (POST " + s.opsUrl() + "replay with the ops token)",
				"  Actuators:     http://localhost:" + s.ingestManagementPort() + "/actuator/health, :" + s.renderPort()
						+ ", :" + s.publishPort(),
				"  Kafka:         " + s.kafkaBootstrapServers() + "    S3: " + s.s3Endpoint() + " bucket "
						+ s.bucket(),
				"  Data and logs: " + s.dataDir().toAbsolutePath().normalize(), "Press Ctrl-C to stop.", "");
	}

	/** Stops everything it started, the edge and the services first, the broker last. */
	@Override
	public synchronized void close() {
		List<AutoCloseable> parts = new ArrayList<>();
		parts.add(this.edge);
		List<ServerProcess> running = new ArrayList<>(this.services.values());
		Collections.reverse(running);
		parts.addAll(running);
		parts.add(this.s3);
		parts.add(this.s3Proxy);
		parts.add(this.kafka);
		for (AutoCloseable part : parts) {
			if (part == null) {
				continue;
			}
			try {
				part.close();
			}
			catch (Exception ex) {
				log.warn("Could not stop {}: {}", part, ex.toString());
			}
		}
		this.services.clear();
		this.edge = null;
		this.s3 = null;
		this.s3Proxy = null;
		this.kafka = null;
	}

	private static Path createDirectories(Path dir) {
		try {
			return Files.createDirectories(dir);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not create " + dir, ex);
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new DevStackException("Interrupted", ex);
		}
	}

}

package blog.pipeline.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An Apache Kafka broker ({@code kafka.Kafka} from the {@code kafka_2.13} jars) in KRaft mode as its own JVM: one node
 * that is both broker and controller, with its log under {@code dataDir/kafka} so a restart keeps every topic.
 */
public final class KafkaBrokerServer extends ServerProcess {

	private static final String STARTED_LINE = "Kafka Server started";

	private final int port;

	private KafkaBrokerServer(List<String> command, Path logFile, int port) {
		super("kafka", command, logFile, Map.of());
		this.port = port;
	}

	/**
	 * Starts a single-node KRaft broker listening on {@code 127.0.0.1:port} (the controller on {@code controllerPort}),
	 * formatting its storage on first use, and waits until it has started.
	 */
	public static KafkaBrokerServer start(Path dataDir, int port, int controllerPort, int defaultPartitions) {
		try {
			Path logDir = Files.createDirectories(dataDir.resolve("kafka"));
			Path config = dataDir.resolve("server.properties");
			Files.writeString(config, String.join("\n", "process.roles=broker,controller", "node.id=1",
					"controller.quorum.voters=1@127.0.0.1:" + controllerPort,
					"listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
					"advertised.listeners=PLAINTEXT://127.0.0.1:" + port, "controller.listener.names=CONTROLLER",
					"inter.broker.listener.name=PLAINTEXT",
					"listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
					"log.dirs=" + logDir.toAbsolutePath(), "num.partitions=" + defaultPartitions,
					"offsets.topic.replication.factor=1", "offsets.topic.num.partitions=4",
					"transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1",
					"transaction.state.log.num.partitions=4", "share.coordinator.state.topic.replication.factor=1",
					"share.coordinator.state.topic.min.isr=1", "group.initial.rebalance.delay.ms=0",
					"auto.create.topics.enable=false", ""));
			Path log4j = dataDir.resolve("kafka-log4j2.properties");
			Files.writeString(log4j, String.join("\n", "status = warn", "appender.out.type = Console",
					"appender.out.name = OUT", "appender.out.layout.type = PatternLayout",
					"appender.out.layout.pattern = [%d] %p %m (%c)%n", "rootLogger.level = warn",
					"rootLogger.appenderRef.out.ref = OUT", "logger.started.name = kafka.server.KafkaRaftServer",
					"logger.started.level = info", ""));
			List<String> jvm = List.of("-Xmx512m", "-XX:+UseG1GC",
					"-Dlog4j2.configurationFile=" + log4j.toAbsolutePath());
			Path logFile = dataDir.resolve("kafka.log");
			if (!Files.exists(logDir.resolve("meta.properties"))) {
				format(jvm, config, logFile);
			}
			List<String> command = javaCommand(classpath(), jvm, "kafka.Kafka",
					List.of(config.toAbsolutePath().toString()));
			long linesBefore = countLines(logFile);
			KafkaBrokerServer broker = new KafkaBrokerServer(command, logFile, port);
			broker.awaitReady(() -> broker.startedSince(linesBefore) && isListening("127.0.0.1", port),
					Duration.ofSeconds(90));
			return broker;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not prepare the Kafka broker in " + dataDir, ex);
		}
	}

	private static void format(List<String> jvm, Path config, Path logFile) {
		List<String> command = javaCommand(classpath(), jvm, "kafka.tools.StorageTool",
				List.of("format", "--cluster-id", newClusterId(), "--config", config.toAbsolutePath().toString(),
						"--ignore-formatted"));
		ServerProcess formatter = new ServerProcess("kafka-storage-format", command, logFile, Map.of());
		int exitCode = formatter.awaitExit(Duration.ofSeconds(60));
		if (exitCode != 0) {
			throw new ServerStartException(
					"Formatting Kafka storage failed with code " + exitCode + ":\n" + formatter.logTail(20));
		}
	}

	/**
	 * A Kafka cluster id: 16 random bytes, base64url without padding, never starting with {@code -} (the storage tool
	 * would take such an id for an option and fail, once in 64 starts; Kafka's own {@code Uuid} avoids it the same way).
	 */
	static String newClusterId() {
		while (true) {
			UUID uuid = UUID.randomUUID();
			ByteBuffer bytes = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
				.putLong(uuid.getLeastSignificantBits());
			String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
			if (!id.startsWith("-")) {
				return id;
			}
		}
	}

	/** The broker's class path: {@code KAFKA_CLASSPATH} if set, else the one the build resolved. */
	static String classpath() {
		String override = System.getenv("KAFKA_CLASSPATH");
		return (override != null && !override.isBlank()) ? override : buildSetting("kafka.classpath");
	}

	public String bootstrapServers() {
		return "127.0.0.1:" + this.port;
	}

	public int port() {
		return this.port;
	}

	private boolean startedSince(long linesBefore) {
		try (var lines = Files.lines(logFile())) {
			return lines.skip(linesBefore).anyMatch((line) -> line.contains(STARTED_LINE));
		}
		catch (IOException | UncheckedIOException ex) {
			return false;
		}
	}

	private static long countLines(Path file) throws IOException {
		if (!Files.exists(file)) {
			return 0;
		}
		try (var lines = Files.lines(file)) {
			return lines.count();
		}
	}

}

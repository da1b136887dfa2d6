package blog.pipeline.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
		return start(dataDir, port, controllerPort, defaultPartitions,
				List.of("listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
						"advertised.listeners=PLAINTEXT://127.0.0.1:" + port, "inter.broker.listener.name=PLAINTEXT",
						"listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT"),
				List.of());
	}

	/**
	 * Starts a single-node KRaft broker set up as docker-compose.yml sets up its broker: clients on
	 * {@code 127.0.0.1:port} must authenticate with SASL/SCRAM-SHA-512 and are authorized by the
	 * {@code StandardAuthorizer} (nothing is allowed without an ACL); the broker's own listener ({@code brokerPort})
	 * and the controller's are PLAINTEXT on loopback, as the broker's and the controller's requests to themselves come
	 * as {@code User:ANONYMOUS}, a super user with {@code admin}. The SCRAM users are created when the storage is
	 * formatted ({@code kafka-storage format --add-scram}), so they exist before the broker first answers.
	 * @param scramUsers user name to password, {@code admin} among them
	 */
	public static KafkaBrokerServer startWithScram(Path dataDir, int port, int brokerPort, int controllerPort,
			int defaultPartitions, Map<String, String> scramUsers) {
		List<String> addScram = new ArrayList<>();
		scramUsers.forEach((name, password) -> {
			addScram.add("--add-scram");
			addScram.add("SCRAM-SHA-512=[name=" + name + ",password=" + password + "]");
		});
		return start(dataDir, port, controllerPort, defaultPartitions, List.of(
				"listeners=CLIENT://127.0.0.1:" + port + ",BROKER://127.0.0.1:" + brokerPort
						+ ",CONTROLLER://127.0.0.1:" + controllerPort,
				"advertised.listeners=CLIENT://127.0.0.1:" + port + ",BROKER://127.0.0.1:" + brokerPort,
				"inter.broker.listener.name=BROKER",
				"listener.security.protocol.map=CONTROLLER:PLAINTEXT,BROKER:PLAINTEXT,CLIENT:SASL_PLAINTEXT",
				"sasl.enabled.mechanisms=SCRAM-SHA-512",
				// the server side of SCRAM needs no options: the credentials live in the cluster's metadata
				"listener.name.client.scram-sha-512.sasl.jaas.config="
						+ "org.apache.kafka.common.security.scram.ScramLoginModule required;",
				"authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
				"allow.everyone.if.no.acl.found=false", "super.users=User:admin;User:ANONYMOUS"), addScram);
	}

	private static KafkaBrokerServer start(Path dataDir, int port, int controllerPort, int defaultPartitions,
			List<String> listenerProperties, List<String> formatOptions) {
		try {
			Path logDir = Files.createDirectories(dataDir.resolve("kafka"));
			Path config = dataDir.resolve("server.properties");
			List<String> properties = new ArrayList<>(List.of("process.roles=broker,controller", "node.id=1",
					"controller.quorum.voters=1@127.0.0.1:" + controllerPort, "controller.listener.names=CONTROLLER"));
			properties.addAll(listenerProperties);
			properties.addAll(List.of("log.dirs=" + logDir.toAbsolutePath(), "num.partitions=" + defaultPartitions,
					"offsets.topic.replication.factor=1", "offsets.topic.num.partitions=4",
					"transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1",
					"transaction.state.log.num.partitions=4", "share.coordinator.state.topic.replication.factor=1",
					"share.coordinator.state.topic.min.isr=1", "group.initial.rebalance.delay.ms=0",
					"auto.create.topics.enable=false", ""));
			Files.writeString(config, String.join("\n", properties));
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
				format(jvm, config, logFile, formatOptions);
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

	private static void format(List<String> jvm, Path config, Path logFile, List<String> options) {
		List<String> arguments = new ArrayList<>(List.of("format", "--cluster-id", newClusterId(), "--config",
				config.toAbsolutePath().toString(), "--ignore-formatted"));
		arguments.addAll(options);
		List<String> command = javaCommand(classpath(), jvm, "kafka.tools.StorageTool", arguments);
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

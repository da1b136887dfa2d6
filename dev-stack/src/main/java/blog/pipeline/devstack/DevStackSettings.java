package blog.pipeline.devstack;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import blog.pipeline.stack.FreePorts;

/**
 * Everything the dev stack needs to know, each overridable by an environment variable (see README's settings table).
 *
 * @param home the project folder holding the built service jars ({@code <module>/target/<module>.jar})
 * @param dataDir one folder for the broker's log, the bucket and the logs, so a restart keeps the site
 */
public record DevStackSettings(Path home, Path dataDir, int sitePort, int ingestPort, int ingestManagementPort,
		int renderPort, int publishPort, int kafkaPort, int kafkaControllerPort, int s3Port, String bucket,
		String s3AccessKey, String s3SecretKey, String editorToken, String opsToken, int topicPartitions,
		boolean seedSamples, List<String> serviceJvmOptions) {

	public static DevStackSettings fromEnvironment() {
		return from(System.getenv()::get);
	}

	/**
	 * The environment of a stack that runs beside any other (tests, benchmarks): its project folder, its own data
	 * folder and a free port for each server. Callers add what else they set and pass it to {@link #from}.
	 */
	public static Map<String, String> onFreePorts(Path home, Path dataDir) {
		Map<String, String> env = new HashMap<>();
		env.put("PIPELINE_HOME", home.toString());
		env.put("PIPELINE_DATA_DIR", dataDir.toString());
		for (String port : List.of("SITE_PORT", "INGEST_PORT", "INGEST_MANAGEMENT_PORT", "RENDER_PORT",
				"PUBLISH_PORT", "KAFKA_PORT", "KAFKA_CONTROLLER_PORT", "S3_PORT")) {
			env.put(port, Integer.toString(FreePorts.next()));
		}
		return env;
	}

	public static DevStackSettings from(Function<String, String> env) {
		return new DevStackSettings(Path.of(value(env, "PIPELINE_HOME", ".")),
				Path.of(value(env, "PIPELINE_DATA_DIR", ".pipeline-data")), number(env, "SITE_PORT", 8080),
				number(env, "INGEST_PORT", 8081), number(env, "INGEST_MANAGEMENT_PORT", 9081),
				number(env, "RENDER_PORT", 8082), number(env, "PUBLISH_PORT", 8083),
				number(env, "KAFKA_PORT", 9092), number(env, "KAFKA_CONTROLLER_PORT", 9093),
				number(env, "S3_PORT", 9000), value(env, "S3_BUCKET", "blog"),
				value(env, "S3_ACCESS_KEY", "local-access"), value(env, "S3_SECRET_KEY", "local-secret"),
				value(env, "EDITOR_TOKEN", "local-editor-token"), value(env, "OPS_TOKEN", "local-ops-token"),
				number(env, "PIPELINE_TOPICS_PARTITIONS", 12),
				Boolean.parseBoolean(value(env, "SEED_SAMPLES", "true")),
				List.of(value(env, "SERVICE_JVM_OPTS", "-Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1")
					.split("\\s+")));
	}

	private static String value(Function<String, String> env, String name, String fallback) {
		String value = env.apply(name);
		return (value == null || value.isBlank()) ? fallback : value.trim();
	}

	private static int number(Function<String, String> env, String name, int fallback) {
		String value = value(env, name, Integer.toString(fallback));
		try {
			return Integer.parseInt(value);
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(name + " must be a number, was '" + value + "'", ex);
		}
	}

	public URI siteUrl() {
		return URI.create("http://localhost:" + this.sitePort + "/");
	}

	public URI editorApiUrl() {
		return URI.create("http://localhost:" + this.ingestPort + "/api/posts");
	}

	/** The operators' page and endpoints of ingest (dead letters, full replay). */
	public URI opsUrl() {
		return URI.create("http://localhost:" + this.ingestPort + "/ops/");
	}

	public URI s3Endpoint() {
		return URI.create("http://localhost:" + this.s3Port);
	}

	public String kafkaBootstrapServers() {
		return "localhost:" + this.kafkaPort;
	}

	/** The principal the dev stack's editor token names (in events and statuses). */
	public static final String LOCAL_EDITOR = "local-editor";

	/** The principal the dev stack's ops token names. */
	public static final String LOCAL_OPS = "local-ops";

	/**
	 * The environment a service gets: the variables its application.yml reads, and only the secrets it needs. The
	 * bucket's credentials go to publish-service alone (the only writer of the site), the editors' and
	 * operators' tokens to ingest-service alone, the site's address to the two services that write links. Every
	 * service runs with the local profile, the only one that takes the repository's well-known secrets.
	 */
	Map<String, String> serviceEnvironment(String service, int port) {
		Map<String, String> environment = new LinkedHashMap<>();
		environment.put("PORT", Integer.toString(port));
		environment.put("SPRING_PROFILES_ACTIVE", "local");
		environment.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrapServers());
		environment.put("PIPELINE_TOPICS_PARTITIONS", Integer.toString(this.topicPartitions));
		switch (service) {
			case "ingest-service" -> {
				environment.put("MANAGEMENT_PORT", Integer.toString(this.ingestManagementPort));
				environment.put("EDITOR_TOKENS", LOCAL_EDITOR + ":" + this.editorToken);
				environment.put("OPS_TOKENS", LOCAL_OPS + ":" + this.opsToken);
			}
			case "render-service" -> environment.put("SITE_BASE_URL", siteUrl().toString());
			case "publish-service" -> {
				environment.put("SITE_BASE_URL", siteUrl().toString());
				environment.put("S3_ENDPOINT", s3Endpoint().toString());
				environment.put("S3_BUCKET", this.bucket);
				environment.put("S3_ACCESS_KEY", this.s3AccessKey);
				environment.put("S3_SECRET_KEY", this.s3SecretKey);
			}
			default -> {
			}
		}
		return environment;
	}

}

package blog.pipeline.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docker-compose.yml} checked against the code, since no Docker engine runs here: every variable a service
 * gets is one its configuration reads, ports and health checks agree, and what the file builds and mounts exists.
 */
class DockerComposeTests {

	private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z0-9_]+)[:}]");

	private final Map<String, Object> compose = load();

	@ParameterizedTest
	@ValueSource(strings = { "ingest-service", "render-service", "publish-service" })
	void everyVariableAServiceGetsIsReadByItsConfiguration(String name) throws IOException {
		String config = Files.readString(ROOT.resolve(name).resolve("src/main/resources/application.yml"));
		List<String> read = PLACEHOLDER.matcher(config).results().map((match) -> match.group(1)).toList();

		assertThat(environment(name).keySet()).isNotEmpty().allSatisfy((variable) -> assertThat(read)
			.as("%s's application.yml reads ${%s}", name, variable)
			.contains(variable));
	}

	@ParameterizedTest
	@ValueSource(strings = { "ingest-service", "render-service", "publish-service" })
	void eachServiceIsBuiltFromItsOwnJarAndChecksItsOwnPort(String name) {
		Map<String, Object> service = service(name);
		Map<String, Object> build = map(service.get("build"));
		assertThat(ROOT.resolve(String.valueOf(build.get("context"))).resolve("Dockerfile")).isRegularFile();
		assertThat(map(build.get("args"))).containsEntry("SERVICE", name);
		assertThat(ROOT.resolve(name).resolve("pom.xml")).isRegularFile();

		String port = String.valueOf(environment(name).get("PORT"));
		assertThat(port).matches("\\d+");
		String healthCheck = String.join(" ", strings(map(service.get("healthcheck")).get("test")));
		assertThat(healthCheck).contains("/dev/tcp/localhost/" + port).contains("/actuator/health");
		assertThat(strings(service.getOrDefault("ports", List.of())))
			.allSatisfy((mapping) -> assertThat(mapping).endsWith(":" + port));
		assertThat(map(service.get("depends_on"))).containsKey("kafka");
		assertThat(map(map(service.get("depends_on")).get("kafka"))).containsEntry("condition", "service_healthy");
	}

	@Test
	void defaultPortsMatchTheDevStack() {
		DevStackSettings defaults = DevStackSettings.from((name) -> null);
		assertThat(environment("ingest-service")).containsEntry("PORT", defaults.ingestPort());
		assertThat(environment("render-service")).containsEntry("PORT", defaults.renderPort());
		assertThat(environment("publish-service")).containsEntry("PORT", defaults.publishPort());
		assertThat(strings(service("edge").get("ports"))).contains(defaults.sitePort() + ":8080");
	}

	@Test
	void everyLongRunningServiceHasAHealthCheckOrIsAnEdge() {
		for (String name : services().keySet()) {
			if (name.equals("minio-init") || name.equals("edge")) {
				continue;
			}
			assertThat(service(name)).as("%s has a healthcheck", name).containsKey("healthcheck");
		}
	}

	@Test
	void publishWaitsForTheBucketAndTheEdgeServesItsConfig() {
		assertThat(map(map(service("publish-service").get("depends_on")).get("minio-init")))
			.containsEntry("condition", "service_completed_successfully");
		String mount = strings(service("edge").get("volumes")).get(0);
		assertThat(ROOT.resolve(mount.substring(2, mount.indexOf(':')))).isRegularFile();
		assertThat(String.valueOf(service("kafka").get("image"))).startsWith("apache/kafka:");
		assertThat(String.valueOf(service("minio-init").get("entrypoint"))).contains("mc mb");
	}

	@Test
	void theEdgeResolvesTheBucketHostAtRequestTime() throws IOException {
		String config = Files.readString(ROOT.resolve("deploy/edge/nginx.conf"));
		// a proxy_pass with variables needs a resolver, or nginx answers 502 "no resolver defined"
		assertThat(config).contains("proxy_pass http://minio:9000/blog$uri").containsPattern("resolver \\S+");
		assertThat(config).contains("error_page 403 404 = /404.html").contains("proxy_cache site");
	}

	private Map<String, Object> environment(String name) {
		return map(service(name).get("environment"));
	}

	private Map<String, Object> service(String name) {
		assertThat(services()).containsKey(name);
		return map(services().get(name));
	}

	private Map<String, Object> services() {
		return map(this.compose.get("services"));
	}

	private static Map<String, Object> load() {
		try {
			return new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
		}
		catch (IOException ex) {
			throw new IllegalStateException("docker-compose.yml is missing", ex);
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		assertThat(value).isInstanceOf(Map.class);
		return (Map<String, Object>) value;
	}

	@SuppressWarnings("unchecked")
	private static List<String> strings(Object value) {
		assertThat(value).isInstanceOf(List.class);
		return ((List<Object>) value).stream().map(String::valueOf).toList();
	}

}

package blog.pipeline.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docker-compose.yml} checked against the code, since no Docker engine runs here: every variable a service
 * gets is one its configuration reads, ports and health checks agree, and what the file builds and mounts exists.
 */
class DockerComposeTests {

	private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

	/** The services and the library whose meters (consumer lag) they register. */
	private static final List<String> METERED_MODULES = List.of("ingest-service", "render-service",
			"publish-service", "service-support");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z0-9_]+)[:}]");

	private final Map<String, Object> compose = load();

	@ParameterizedTest
	@ValueSource(strings = { "ingest-service", "render-service", "publish-service" })
	void everyVariableAServiceGetsIsReadByItsConfiguration(String name) throws IOException {
		String config = Files.readString(ROOT.resolve(name).resolve("src/main/resources/application.yml"));
		List<String> read = PLACEHOLDER.matcher(config).results().map((match) -> match.group(1)).toList();

		// SPRING_* variables are Boot's own properties (relaxed binding), read without a placeholder
		assertThat(environment(name).keySet()).isNotEmpty()
			.filteredOn((variable) -> !variable.startsWith("SPRING_"))
			.allSatisfy((variable) -> assertThat(read)
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
		assertThat(healthCheck).contains("/dev/tcp/localhost/" + actuatorPort(name)).contains("/actuator/health");
		assertThat(strings(service.getOrDefault("ports", List.of())))
			.allSatisfy((mapping) -> assertThat(mapping).endsWith(":" + port));
		assertThat(map(service.get("depends_on"))).containsKey("kafka");
		assertThat(map(map(service.get("depends_on")).get("kafka"))).containsEntry("condition", "service_healthy");
	}

	@Test
	void ingestServesItsActuatorOnAManagementPortThatIsNotPublished() throws IOException {
		assertThat(actuatorPort("ingest-service")).isEqualTo("9081").isNotEqualTo(environment("ingest-service").get("PORT"));
		assertThat(strings(service("ingest-service").get("ports"))).noneMatch((mapping) -> mapping.contains("9081"));
		assertThat(Files.readString(ROOT.resolve("ingest-service/src/main/resources/application.yml")))
			.contains("port: ${MANAGEMENT_PORT:9081}");
	}

	@Test
	void everySecretIsRequiredAndNoneHasADefault() throws IOException {
		String compose = Files.readString(ROOT.resolve("docker-compose.yml"));
		for (String secret : List.of("EDITOR_TOKENS", "OPS_TOKENS", "S3_ACCESS_KEY", "S3_SECRET_KEY", "MINIO_ROOT_USER",
				"MINIO_ROOT_PASSWORD", "GRAFANA_ADMIN_PASSWORD", "KAFKA_ADMIN_PASSWORD", "KAFKA_INGEST_PASSWORD",
				"KAFKA_INGEST_REDRIVE_PASSWORD", "KAFKA_RENDER_PASSWORD", "KAFKA_PUBLISH_PASSWORD")) {
			// $${...} is the containers' shell reading its own environment, not compose
			assertThat(compose).as(secret).contains("${" + secret + ":?").doesNotContain("${" + secret + ":-")
				.doesNotContainPattern("(?<!\\$)\\$\\{" + secret + "}");
			assertThat(Files.readString(ROOT.resolve("deploy/.env.example"))).containsPattern("(?m)^" + secret + "=");
		}
		assertThat(compose).doesNotContain("local-admin", "local-secret", "local-access", "local-editor-token",
				"local-ops-token");
	}

	@Test
	void servicesLogInToKafkaWithScramAsTheirOwnUserAfterTheAclsAreApplied() {
		assertThat(strings(service("kafka-init").get("volumes"))).contains("./deploy/kafka/acls.txt:/etc/kafka/acls.txt:ro");
		assertThat(ROOT.resolve("deploy/kafka/acls.txt")).isRegularFile();
		for (String name : List.of("ingest-service", "render-service", "publish-service")) {
			Map<String, Object> environment = environment(name);
			assertThat(environment).containsEntry("SPRING_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
				.containsEntry("SPRING_KAFKA_PROPERTIES_SASL_MECHANISM", "SCRAM-SHA-512");
			String user = name.substring(0, name.indexOf('-'));
			assertThat(String.valueOf(environment.get("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG")))
				.startsWith("org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\"");
			assertThat(map(map(service(name).get("depends_on")).get("kafka-init")))
				.containsEntry("condition", "service_completed_successfully");
		}
		Map<String, Object> kafka = environment("kafka");
		assertThat(kafka).containsEntry("KAFKA_AUTHORIZER_CLASS_NAME",
				"org.apache.kafka.metadata.authorizer.StandardAuthorizer")
			.containsEntry("KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND", "false");
	}

	/** The port of a service's actuator: ingest's management port, else the service's only port. */
	private String actuatorPort(String name) {
		return String.valueOf(environment(name).getOrDefault("MANAGEMENT_PORT", environment(name).get("PORT")));
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
		assertThat(services()).containsKeys("prometheus", "grafana");
		for (String name : services().keySet()) {
			if (name.endsWith("-init") || name.equals("kafka-format") || name.equals("edge")) {
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

	@ParameterizedTest
	@ValueSource(strings = { "ingest-service", "render-service", "publish-service" })
	void prometheusScrapesEveryReplicaOfEachServiceAtItsActuator(String name) throws IOException {
		Map<String, Object> prometheus = service("prometheus");
		String mount = mountOf(prometheus, "/etc/prometheus/prometheus.yml");
		assertThat(strings(prometheus.get("command"))).contains("--config.file=/etc/prometheus/prometheus.yml");
		Map<String, Object> config = new Yaml().load(Files.readString(ROOT.resolve(mount)));

		Map<String, Object> job = maps(config.get("scrape_configs")).stream()
			.filter((candidate) -> name.equals(candidate.get("job_name")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no scrape job for " + name));

		assertThat(job).containsEntry("metrics_path", "/actuator/prometheus");
		// DNS discovery: Docker's DNS answers a service name with the address of every replica
		Map<String, Object> discovery = maps(job.get("dns_sd_configs")).get(0);
		assertThat(strings(discovery.get("names"))).containsExactly(name);
		assertThat(discovery).containsEntry("type", "A");
		assertThat(String.valueOf(discovery.get("port"))).isEqualTo(actuatorPort(name));
		assertThat(services()).containsKey(name);
		String application = Files.readString(ROOT.resolve(name).resolve("src/main/resources/application.yml"));
		assertThat(application).containsPattern("include: [a-z,]*prometheus");
	}

	@Test
	void grafanaProvisionsThePrometheusDatasourceAndThePipelineDashboard() throws IOException {
		Map<String, Object> grafana = service("grafana");
		Path provisioning = ROOT.resolve(mountOf(grafana, "/etc/grafana/provisioning"));
		Path dashboards = ROOT.resolve(mountOf(grafana, "/var/lib/grafana/dashboards"));
		assertThat(dashboards).isDirectory();

		Map<String, Object> datasource = maps(
				new Yaml().<Map<String, Object>>load(Files.readString(provisioning.resolve("datasources/prometheus.yml")))
					.get("datasources"))
			.get(0);
		assertThat(datasource).containsEntry("type", "prometheus").containsEntry("url", "http://prometheus:9090");
		assertThat(strings(service("prometheus").get("ports"))).contains("9090:9090");
		Map<String, Object> provider = maps(
				new Yaml().<Map<String, Object>>load(Files.readString(provisioning.resolve("dashboards/pipeline.yml")))
					.get("providers"))
			.get(0);
		assertThat(map(provider.get("options"))).containsEntry("path", "/var/lib/grafana/dashboards");

		JsonNode dashboard = JSON.readTree(dashboards.resolve("pipeline.json").toFile());
		assertThat(dashboard.get("panels")).isNotEmpty().allSatisfy((panel) -> {
			assertThat(panel.at("/datasource/uid").asString()).isEqualTo(datasource.get("uid"));
			assertThat(panel.get("targets")).isNotEmpty();
		});
		assertThat(map(map(grafana.get("depends_on")).get("prometheus"))).containsEntry("condition", "service_healthy");
	}

	@Test
	void everyMetricTheDashboardQueriesIsOneTheCodeRegisters() throws IOException {
		RegisteredMetrics registered = RegisteredMetrics.in(ROOT, METERED_MODULES);
		List<String> series = dashboardSeries();

		assertThat(series).allSatisfy((name) -> assertThat(registered.meterOf(name))
			.as("%s is exported by a meter the services register (%s)", name, registered.meterNames())
			.isPresent());
		// what the dashboard must show
		assertThat(series).contains("pipeline_posts_accepted_total", "pipeline_posts_rendered_total",
				"pipeline_posts_published_total", "pipeline_posts_rejected_total", "pipeline_dead_letters_total",
				"pipeline_render_time_seconds_sum", "pipeline_s3_put_time_seconds_sum",
				"pipeline_submit_to_live_seconds_bucket", "pipeline_consumer_lag", "pipeline_posts_overdue");
		assertThat(String.join(" ", dashboardQueries())).contains(
				"histogram_quantile(0.5, sum by (le) (rate(pipeline_submit_to_live_seconds_bucket",
				"histogram_quantile(0.99, sum by (le) (rate(pipeline_submit_to_live_seconds_bucket");
	}

	@Test
	void theMetricCheckKnowsHowMicrometerNamesSeriesAndRefusesOthers() {
		RegisteredMetrics registered = RegisteredMetrics.in(ROOT, METERED_MODULES);

		assertThat(registered.meterOf("pipeline_posts_accepted_total")).hasValue("pipeline.posts.accepted");
		assertThat(registered.meterOf("pipeline_submit_to_live_seconds_bucket")).hasValue("pipeline.submit.to.live");
		assertThat(registered.meterOf("pipeline_posts_overdue")).hasValue("pipeline.posts.overdue");
		assertThat(registered.meterOf("pipeline_posts_acepted_total")).isEmpty();
		assertThat(registered.meterOf("pipeline_posts_accepted")).as("a counter is exported with _total").isEmpty();
		assertThat(registered.meterOf("pipeline_render_time_seconds_bucket")).hasValue("pipeline.render.time");
		assertThat(registered.meterOf("pipeline_consumer_lag_total")).as("a gauge has no _total").isEmpty();
	}

	private static List<String> dashboardQueries() throws IOException {
		JsonNode dashboard = JSON.readTree(ROOT.resolve("deploy/grafana/dashboards/pipeline.json").toFile());
		List<String> queries = new ArrayList<>();
		for (JsonNode panel : dashboard.get("panels")) {
			for (JsonNode target : panel.get("targets")) {
				queries.add(target.get("expr").asString());
			}
		}
		return queries;
	}

	private static List<String> dashboardSeries() throws IOException {
		Pattern series = Pattern.compile("\\bpipeline_[a-z0-9_]+");
		return dashboardQueries().stream()
			.flatMap((query) -> series.matcher(query).results().map(MatchResult::group))
			.distinct()
			.toList();
	}

	/** The host file or folder (relative to the project) mounted at that container path. */
	private static String mountOf(Map<String, Object> service, String target) {
		String mount = strings(service.get("volumes")).stream()
			.filter((volume) -> volume.startsWith("./") && volume.split(":")[1].equals(target))
			.findFirst()
			.orElseThrow(() -> new AssertionError("nothing mounted at " + target));
		String source = mount.substring(2, mount.indexOf(':'));
		assertThat(ROOT.resolve(source)).exists();
		return source;
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> maps(Object value) {
		assertThat(value).isInstanceOf(List.class);
		return (List<Map<String, Object>>) value;
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

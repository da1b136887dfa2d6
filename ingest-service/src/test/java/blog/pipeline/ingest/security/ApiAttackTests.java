package blog.pipeline.ingest.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The attack suite: every editors' and operators' endpoint and method, each path spelled every odd way
 * ({@link PathSpellings}), sent by a raw socket to the real Tomcat with no token, with the other role's token and with
 * a valid one. A spelling must be refused (400 by the firewall, 401, or 403 for a path no rule allows; with a valid
 * token also 404 or 405, which reach no controller, or 422 where a changed path variable names another resource, e.g.
 * a topic in upper case) and must produce no record on any topic; the canonical path with a valid token must still work, so a
 * refusal is for the spelling, not the token. The counts per attack class go to
 * {@code target/security/attacks.md}, the table RELIABILITY.md shows.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "pipeline.topics.partitions=3",
				"pipeline.security.editor-tokens=attack-editor:" + ApiAttackTests.EDITOR_TOKEN,
				"pipeline.security.ops-tokens=attack-ops:" + ApiAttackTests.OPS_TOKEN })
@EmbeddedKafka(brokerProperties = "auto.create.topics.enable=false")
@TestPropertySource(properties = "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiAttackTests {

	static final String EDITOR_TOKEN = "attack-editor-token-0123456789abcdef";

	static final String OPS_TOKEN = "attack-ops-token-0123456789abcdef";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String DRAFT = """
			{"title": "Attack target", "author": {"id": "maria-sanda", "name": "Maria Sanda"},
			 "bodyMarkdown": "Body.", "slug": "attack-target-%s"}""";

	@LocalServerPort
	private int port;

	@Value("${spring.embedded.kafka.brokers}")
	private String brokers;

	private Admin admin;

	private RawHttp http;

	private String postId;

	/** Per attack class: requests sent, and those that got through. */
	private final Map<String, int[]> tally = new LinkedHashMap<>();

	@BeforeAll
	void createTheTargetPost() throws IOException {
		this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.brokers));
		this.http = new RawHttp(this.port);
		await().untilAsserted(() -> assertThat(
				this.http.send("POST", "/api/posts", editor(), DRAFT.formatted("0")).status()).isEqualTo(202));
		RawHttp.Answer list = this.http.send("GET", "/api/posts?author=maria-sanda", editor(), "");
		this.postId = JSON.readTree(list.body().substring(list.body().indexOf('{'))).at("/items/0/postId").asString();
		assertThat(this.postId).isNotBlank();
	}

	@AfterAll
	void writeTheTable() throws IOException {
		this.admin.close();
		StringBuilder table = new StringBuilder("| attack class | requests | got through |\n|---|---:|---:|\n");
		this.tally.forEach((attack, counts) -> table.append("| ")
			.append(attack)
			.append(" | ")
			.append(counts[0])
			.append(" | ")
			.append(counts[1])
			.append(" |\n"));
		Path report = Path.of("target", "security", "attacks.md");
		Files.createDirectories(report.getParent());
		Files.writeString(report, table);
	}

	@Test
	void everySpellingOfEveryEndpointIsRefusedAndProducesNothing() throws Exception {
		List<String> failures = new ArrayList<>();
		for (Endpoint endpoint : endpoints()) {
			// the canonical request with the right token works: what is refused below is the spelling
			RawHttp.Answer canonical = this.http.send(endpoint.method, endpoint.path + endpoint.query,
					endpoint.rightToken(), endpoint.body);
			assertThat(canonical.status()).as("%s %s", endpoint.method, endpoint.path).isIn(endpoint.canonical);
			settle();
			for (Map.Entry<String, List<String>> attack : PathSpellings.of(endpoint.path).entrySet()) {
				for (Credential credential : Credential.values()) {
					long before = records();
					for (String spelling : attack.getValue()) {
						int status = send(endpoint, spelling, credential);
						boolean refused = credential.refusals.contains(status);
						count(attack.getKey(), !refused);
						if (!refused) {
							failures.add(credential + " " + endpoint.method + " " + spelling + " -> " + status);
						}
					}
					long produced = records() - before;
					if (produced != 0) {
						count(attack.getKey() + " (records produced)", true);
						failures.add(credential + " " + endpoint.method + " " + attack.getKey() + " on " + endpoint.path
								+ " produced " + produced + " records");
					}
				}
			}
		}
		assertThat(failures).as("spellings that got through").isEmpty();
		assertThat(this.tally.values().stream().mapToInt((counts) -> counts[0]).sum()).isGreaterThan(1000);
	}

	@Test
	void noTokenWrongTokenAndWrongRoleAreRefusedOnCanonicalPathsWithProblems() throws Exception {
		for (Endpoint endpoint : endpoints()) {
			settle();
			long before = records();
			for (Credential credential : List.of(Credential.NONE, Credential.WRONG_ROLE)) {
				RawHttp.Answer answer = this.http.send(endpoint.method, endpoint.path + endpoint.query,
						credential.headers(endpoint), endpoint.body);
				int expected = (credential == Credential.NONE) ? 401 : 403;
				assertThat(answer.status()).as("%s %s %s", credential, endpoint.method, endpoint.path)
					.isEqualTo(expected);
				assertThat(JSON.readTree(answer.body()).get("requestId").asString()).isNotBlank();
			}
			RawHttp.Answer unknown = this.http.send(endpoint.method, endpoint.path + endpoint.query,
					Map.of("Authorization", "Bearer not-a-token-of-anyone", "Content-Type", "application/json"),
					endpoint.body);
			assertThat(unknown.status()).isEqualTo(401);
			assertThat(records()).as("records produced by refused requests to %s", endpoint.path).isEqualTo(before);
		}
	}

	@Test
	void theOpsPageAllowsOnlyItsOwnScriptAndEveryAnswerForbidsFramingAndSniffing() throws Exception {
		for (String page : List.of("/ops/", "/ops/index.html", "/ops/ops.js", "/ops/ops.css")) {
			java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient()
				.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + this.port + page))
					.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(page).isEqualTo(200);
			assertThat(response.headers().firstValue("Content-Security-Policy")).as(page)
				.hasValue(ApiSecurityConfiguration.OPS_PAGE_POLICY);
			assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
			assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
			assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
		}
		assertThat(ApiSecurityConfiguration.OPS_PAGE_POLICY).contains("script-src 'self'")
			.doesNotContain("unsafe-inline")
			.contains("frame-ancestors 'none'");
		java.net.http.HttpResponse<String> api = java.net.http.HttpClient.newHttpClient()
			.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + this.port
					+ "/api/posts/" + this.postId))
				.header("Authorization", "Bearer " + EDITOR_TOKEN)
				.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
		assertThat(api.statusCode()).isEqualTo(200);
		assertThat(api.headers().firstValue("Content-Security-Policy")).hasValue(ApiSecurityConfiguration.API_POLICY);
		assertThat(api.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
	}

	/** Waits until a committed change's transaction markers are written too, so they count for no attack. */
	private void settle() throws Exception {
		long[] last = { -1 };
		await().pollInterval(java.time.Duration.ofMillis(200)).until(() -> {
			long now = records();
			boolean same = now == last[0];
			last[0] = now;
			return same;
		});
	}

	private int send(Endpoint endpoint, String spelling, Credential credential) throws IOException {
		try {
			return this.http.send(endpoint.method, spelling + endpoint.query, credential.headers(endpoint),
					endpoint.body).status();
		}
		catch (IOException ex) {
			// a connection the server closed without an answer let nothing through
			return 400;
		}
	}

	private void count(String attack, boolean gotThrough) {
		int[] counts = this.tally.computeIfAbsent(attack, (k) -> new int[2]);
		counts[0]++;
		counts[1] += gotThrough ? 1 : 0;
	}

	/** Every record on every topic but the broker's own: any event, state change or re-drive shows here. */
	private long records() throws ExecutionException, InterruptedException {
		Set<String> topics = this.admin.listTopics().names().get().stream()
			.filter((topic) -> !topic.startsWith("__"))
			.collect(Collectors.toSet());
		Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
		this.admin.describeTopics(topics).allTopicNames().get().values().forEach((description) -> description
			.partitions()
			.forEach((partition) -> latest.put(new TopicPartition(description.name(), partition.partition()),
					OffsetSpec.latest())));
		return this.admin.listOffsets(latest).all().get().values().stream().mapToLong(ListOffsetsResultInfo::offset)
			.sum();
	}

	private List<Endpoint> endpoints() {
		String post = "/api/posts/" + this.postId;
		String draft = DRAFT.formatted("x");
		return List.of(new Endpoint("POST", "/api/posts", "", draft, true, Set.of(202, 409)),
				new Endpoint("PUT", post, "", draft, true, Set.of(202, 409)),
				new Endpoint("GET", post, "", "", true, Set.of(200)),
				new Endpoint("GET", post + "/status", "", "", true, Set.of(200)),
				new Endpoint("GET", "/api/posts", "?author=maria-sanda", "", true, Set.of(200)),
				new Endpoint("DELETE", post, "", "", true, Set.of(202)),
				new Endpoint("GET", "/ops/overview", "", "", false, Set.of(200, 503)),
				new Endpoint("GET", "/ops/dead-letters", "", "", false, Set.of(200, 503)),
				new Endpoint("POST", "/ops/dead-letters/redrive", "", "", false, Set.of(200, 503)),
				new Endpoint("POST", "/ops/dead-letters/posts.submitted.DLT/0/0/redrive", "", "", false,
						Set.of(404, 409, 503)),
				new Endpoint("GET", "/ops/replay", "", "", false, Set.of(200, 404)),
				new Endpoint("DELETE", "/ops/replay", "", "", false, Set.of(200, 409)));
	}

	private static Map<String, String> editor() {
		return Map.of("Authorization", "Bearer " + EDITOR_TOKEN, "Content-Type", "application/json");
	}

	/**
	 * One endpoint and method.
	 * @param editors whether the editors' token opens it (else the operators')
	 * @param canonical what the canonical request with the right token may answer
	 */
	private record Endpoint(String method, String path, String query, String body, boolean editors,
			Set<Integer> canonical) {

		Map<String, String> rightToken() {
			return Credential.RIGHT_ROLE.headers(this);
		}

	}

	/** What a spelled request presents, and the answers that refuse it. */
	private enum Credential {

		NONE(Set.of(400, 401, 403)), WRONG_ROLE(Set.of(400, 401, 403)), RIGHT_ROLE(Set.of(400, 401, 403, 404, 405, 422));

		final Set<Integer> refusals;

		Credential(Set<Integer> refusals) {
			this.refusals = refusals;
		}

		Map<String, String> headers(Endpoint endpoint) {
			Map<String, String> headers = new LinkedHashMap<>();
			headers.put("Content-Type", "application/json");
			String token = switch (this) {
				case NONE -> null;
				case WRONG_ROLE -> endpoint.editors ? OPS_TOKEN : EDITOR_TOKEN;
				case RIGHT_ROLE -> endpoint.editors ? EDITOR_TOKEN : OPS_TOKEN;
			};
			if (token != null) {
				headers.put("Authorization", "Bearer " + token);
			}
			return headers;
		}

	}

}

package blog.pipeline.devstack;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import blog.pipeline.stack.FreePorts;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole system as the run command starts it (real broker, real S3 server, the three service jars, the edge):
 * sample posts on the author page, then a draft from an HTTP POST to its page and the author index in the bucket,
 * and a dead letter listed, re-driven and published through the ops API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PipelineEndToEndTests {

	private static final Logger log = LoggerFactory.getLogger(PipelineEndToEndTests.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final List<String> SAMPLE_SLUGS_NEWEST_FIRST = List.of(
			"open-hardware-projects-worth-following-this-winter", "is-a-refurbished-phone-really-greener-than-a-new-one",
			"refurbished-tablets-arrive-in-our-shop", "five-habits-that-double-the-life-of-your-phone-battery",
			"meet-theo-garnier-head-of-quality-at-our-workshop",
			"which-laptop-brand-repairs-best-we-opened-twelve-of-them");

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@TempDir
	static Path dataDir;

	private DevStack stack;

	private DevStackSettings settings;

	@BeforeAll
	void startTheStack() {
		Map<String, String> env = new HashMap<>();
		env.put("PIPELINE_HOME", Path.of("..").toAbsolutePath().normalize().toString());
		env.put("PIPELINE_DATA_DIR", dataDir.toString());
		for (String port : new String[] { "SITE_PORT", "INGEST_PORT", "RENDER_PORT", "PUBLISH_PORT", "KAFKA_PORT",
				"KAFKA_CONTROLLER_PORT", "S3_PORT" }) {
			env.put(port, Integer.toString(FreePorts.next()));
		}
		env.put("PIPELINE_TOPICS_PARTITIONS", "3");
		env.put("EDITOR_TOKEN", "e2e-editor-token");
		env.put("OPS_TOKEN", "e2e-ops-token");
		this.settings = DevStackSettings.from(env::get);
		this.stack = DevStack.start(this.settings);
	}

	@AfterAll
	void stopTheStack() {
		if (this.stack != null) {
			this.stack.close();
		}
	}

	@Test
	void authorPageListsTheSixSamplePostsNewestFirst() throws Exception {
		HttpResponse<String> response = get(this.stack.authorPageUrl(), Map.of());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type.replace(" ", "")).isEqualToIgnoringCase("text/html;charset=utf-8"));
		assertThat(response.headers().firstValue("Cache-Control")).hasValueSatisfying(
				(cache) -> assertThat(cache).contains("max-age"));
		Document page = Jsoup.parse(response.body());
		assertThat(page.text()).contains("All Posts By Camille Durand");
		List<String> continueLinks = page.select("a:containsOwn(Continue reading)").eachAttr("href");
		// Other tests may add posts of their own; the samples must all be there once, newest first.
		assertThat(continueLinks).containsSubsequence(SAMPLE_SLUGS_NEWEST_FIRST.stream()
			.map((slug) -> "/posts/" + slug + "/")
			.toList()).doesNotHaveDuplicates();
		assertThat(page.select("img[alt=opened laptop on a repair bench]")).hasSize(1);
		assertThat(page.text()).contains("A laptop that cannot be opened is a laptop that cannot be saved.");
		// the home page, rewritten by its own owner shortly after, links the author
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(get(this.settings.siteUrl(), Map.of()).body())
				.contains("/authors/" + SamplePosts.AUTHOR_ID + "/"));
	}

	@Test
	void edgeAnswersAMatchingIfNoneMatchWith304() throws Exception {
		// an object nothing rewrites (pages may be rewritten between two requests while posts arrive)
		URI cover = this.settings.siteUrl().resolve("assets/covers/laptop-repair.svg");
		HttpResponse<String> first = get(cover, Map.of());
		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(first.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");
		String etag = first.headers().firstValue("ETag").orElseThrow();

		HttpResponse<String> second = get(cover, Map.of("If-None-Match", etag));

		assertThat(second.statusCode()).isEqualTo(304);
		assertThat(second.body()).isEmpty();
	}

	@Test
	void aDraftPostedToTheApiGoesLiveOnItsPageAndTheAuthorIndex() throws Exception {
		String draft = """
				{"title": "Pela Case arrives on the blog!", "author": {"id": "camille-durand", "name": "Camille Durand"},
				 "bodyMarkdown": "Teaser paragraph about compostable cases.\\n\\n<!--more-->\\n\\nThe rest of the story.",
				 "excerpt": null, "slug": null, "tags": ["partners"],
				 "coverImage": {"url": "https://img.example.org/pela.jpg", "alt": "pela case"}, "publishAt": null}
				""";
		int postsBefore = Jsoup.parse(get(this.stack.authorPageUrl(), Map.of()).body())
			.select("a:containsOwn(Continue reading)")
			.size();
		String traceId = "4bf92f3577b34da6a3ce929d0e0e" + Long.toHexString(System.nanoTime() & 0xffff | 0x1000);
		long start = System.nanoTime();
		HttpResponse<String> accepted = this.http.send(HttpRequest.newBuilder(this.settings.editorApiUrl())
			.header("Authorization", "Bearer e2e-editor-token")
			.header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(draft))
			.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(accepted.statusCode()).isEqualTo(202);
		JsonNode body = JSON.readTree(accepted.body());
		String slug = body.get("slug").asString();
		assertThat(slug).isEqualTo("pela-case-arrives-on-the-blog");
		assertThat(body.get("version").asLong()).isEqualTo(1);
		assertThat(accepted.headers().firstValue("Location")).hasValue("/api/posts/" + body.get("postId").asString());

		URI postPage = this.settings.siteUrl().resolve("posts/" + slug + "/");
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
			HttpResponse<String> page = get(postPage, Map.of());
			assertThat(page.statusCode()).isEqualTo(200);
			assertThat(page.body()).contains("Pela Case arrives on the blog!");
		});
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
			Document index = Jsoup.parse(get(this.stack.authorPageUrl(), Map.of()).body());
			List<String> continueLinks = index.select("a:containsOwn(Continue reading)").eachAttr("href");
			assertThat(continueLinks).hasSize(postsBefore + 1).first().isEqualTo("/posts/" + slug + "/");
			assertThat(index.text()).contains("Teaser paragraph about compostable cases.");
		});
		log.info("POST to live on the page and the author index: {} ms", (System.nanoTime() - start) / 1_000_000);
		// one trace from the HTTP request through Kafka to the S3 write: every service logged under the editor's trace id
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			for (String service : DevStack.SERVICES) {
				assertThat(Files.readString(dataDir.resolve("logs").resolve(service + ".log")))
					.as("%s logged the request's trace id", service)
					.contains(traceId);
			}
		});
	}

	@Test
	void aDeadLetterIsListedRedrivenAndPublished() throws Exception {
		String postId = UUID.randomUUID().toString();
		String slug = "redriven-" + postId.substring(0, 8);
		Instant now = Instant.now();
		// a version render gave up on, as its recoverer writes it: same key and value, and the kafka_dlt-* headers
		String submitted = """
				{"type": "PostSubmitted", "schemaVersion": 1, "postId": "%s", "version": 1,
				 "draft": {"title": "Back from the dead letters", "slug": "%s",
				           "author": {"id": "camille-durand", "name": "Camille Durand"},
				           "bodyMarkdown": "Rendered at last.", "excerpt": null, "tags": [], "coverImage": null,
				           "publishAt": null},
				 "createdAt": "%s", "acceptedAt": "%s", "traceParent": null}
				""".formatted(postId, slug, now, now);
		ProducerRecord<String, String> letter = new ProducerRecord<>("posts.submitted.DLT", 0, postId, submitted);
		letter.headers()
			.add("kafka_dlt-original-topic", "posts.submitted".getBytes(StandardCharsets.UTF_8))
			.add("kafka_dlt-original-partition", ByteBuffer.allocate(4).putInt(0).array())
			.add("kafka_dlt-original-offset", ByteBuffer.allocate(8).putLong(0).array())
			.add("kafka_dlt-exception-fqcn", "java.lang.IllegalStateException".getBytes(StandardCharsets.UTF_8))
			.add("kafka_dlt-exception-message", "template store unreachable".getBytes(StandardCharsets.UTF_8));
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.settings.kafkaBootstrapServers(),
						ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
						ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
			producer.send(letter).get();
		}

		JsonNode listed = await().atMost(Duration.ofSeconds(30))
			.until(() -> deadLetterOf(postId), (node) -> node != null);
		assertThat(listed.get("reason").asString()).isEqualTo("template store unreachable");
		assertThat(listed.get("originalTopic").asString()).isEqualTo("posts.submitted");
		String redrive = "/ops/dead-letters/posts.submitted.DLT/" + listed.get("partition").asInt() + "/"
				+ listed.get("offset").asLong() + "/redrive";

		HttpResponse<String> redriven = ops("POST", redrive);

		assertThat(redriven.statusCode()).as(redriven.body()).isEqualTo(200);
		URI page = this.settings.siteUrl().resolve("posts/" + slug + "/");
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
			HttpResponse<String> live = get(page, Map.of());
			assertThat(live.statusCode()).isEqualTo(200);
			assertThat(live.body()).contains("Back from the dead letters").contains("Rendered at last.");
		});
		assertThat(deadLetterOf(postId)).as("re-driven letters leave the list").isNull();
		assertThat(ops("POST", redrive).statusCode()).as("a letter is re-driven once").isEqualTo(409);
	}

	private JsonNode deadLetterOf(String key) throws Exception {
		HttpResponse<String> response = ops("GET", "/ops/dead-letters");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		for (JsonNode letter : JSON.readTree(response.body())) {
			if (key.equals(letter.path("key").asString(null))) {
				return letter;
			}
		}
		return null;
	}

	private HttpResponse<String> ops(String method, String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(this.settings.opsPageUrl().resolve(path))
			.header("Authorization", "Bearer e2e-ops-token")
			.timeout(Duration.ofSeconds(20))
			.method(method, HttpRequest.BodyPublishers.noBody())
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void theEditorApiRefusesADraftWithoutAToken() throws Exception {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(this.settings.editorApiUrl())
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{}"))
			.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(401);
	}

	private HttpResponse<String> get(URI uri, Map<String, String> headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET();
		headers.forEach(request::header);
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}

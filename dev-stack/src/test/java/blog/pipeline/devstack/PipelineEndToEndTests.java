package blog.pipeline.devstack;

import java.io.IOException;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
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
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole system as the run command starts it (real broker, real S3 server, the three service jars, the edge):
 * sample posts on the author page, then a draft from an HTTP POST to its page and the author index in the bucket,
 * a dead letter listed, re-driven and published through the ops API; last, a full replay of the site after a page
 * template change ({@code -Dreplay.posts=1000} for the size).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineEndToEndTests {

	private static final Logger log = LoggerFactory.getLogger(PipelineEndToEndTests.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final List<String> SAMPLE_SLUGS_NEWEST_FIRST = List.of(
			"open-hardware-projects-worth-following-this-winter", "is-a-refurbished-phone-really-greener-than-a-new-one",
			"refurbished-tablets-arrive-in-our-shop", "five-habits-that-double-the-life-of-your-phone-battery",
			"meet-theo-garnier-head-of-quality-at-our-workshop",
			"which-laptop-brand-repairs-best-we-opened-twelve-of-them");

	/** Posts the replay test publishes before it changes the template. */
	private static final int REPLAY_POSTS = Integer.getInteger("replay.posts", 100);

	/** The replay's throttle in the test: low enough that a live edit meets a replay still running. */
	private static final int REPLAY_RATE = Integer.getInteger("replay.rate", 25);

	/** What the changed page template adds to every post page. */
	private static final String TEMPLATE_NOTE = "<p class=\"template-note\">Rendered with template 2</p>\n";

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	/** The replay test's posts: post id → its number in {@link #replayDraft}. */
	private final Map<String, Integer> replayPostNumbers = new HashMap<>();

	@TempDir
	static Path dataDir;

	private DevStack stack;

	/** Post pages the tests wrote without ingest (a dead letter built by hand): no replay can know them. */
	private final Set<String> pagesIngestNeverAccepted = ConcurrentHashMap.newKeySet();

	private DevStackSettings settings;

	@BeforeAll
	void startTheStack() {
		Map<String, String> env = DevStackSettings.onFreePorts(Path.of("..").toAbsolutePath().normalize(), dataDir);
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
		this.pagesIngestNeverAccepted.add("posts/" + slug + "/index.html");
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

	/**
	 * Waits until publish has written the sitemap parts it put off (a post goes live before a part written less than
	 * PIPELINE_PUBLISH_SITEMAP_DELAY ago is written again), so a snapshot of the bucket is the whole site.
	 */
	private void awaitSitemapPartsWritten() {
		Pattern pending = Pattern.compile("^pipeline_publish_sitemap_pending\\{[^}]*\\}\\s+(\\S+)", Pattern.MULTILINE);
		HttpRequest metrics = HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.settings.publishPort() + "/actuator/prometheus"))
			.timeout(Duration.ofSeconds(10))
			.build();
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
			Matcher matcher = pending.matcher(this.http.send(metrics, HttpResponse.BodyHandlers.ofString()).body());
			return matcher.find() && Double.parseDouble(matcher.group(1)) == 0;
		});
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
		return this.http.send(HttpRequest.newBuilder(this.settings.opsUrl().resolve(path))
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

	@Test
	@Order(Integer.MAX_VALUE)
	void fullReplayRepublishesEveryPostWithTheNewTemplateAndLeavesTheRestOfTheSiteAsItWas() throws Exception {
		List<String> postIds = publishPosts(REPLAY_POSTS);
		awaitSitemapPartsWritten();
		SiteSnapshot before = SiteSnapshot.of(this.stack.s3(), this.settings.bucket());
		Path template = dataDir.resolve("post-template-2.mustache");
		Files.writeString(template, Files
			.readString(Path.of("..", "render-service", "src", "main", "resources", "templates", "post.mustache"))
			.replace("</body>", TEMPLATE_NOTE + "</body>"));
		this.stack.restart("render-service", Map.of("PAGE_TEMPLATE", template.toUri().toString()));

		long start = System.nanoTime();
		ProcessBuilder replay = new ProcessBuilder("bash", "replay.sh", "--rate", Integer.toString(REPLAY_RATE))
			.redirectErrorStream(true)
			.redirectOutput(dataDir.resolve("replay.out").toFile())
			.directory(Path.of("..").toFile());
		replay.environment().put("INGEST_PORT", Integer.toString(this.settings.ingestPort()));
		replay.environment().put("OPS_TOKEN", "e2e-ops-token");
		replay.environment().put("REPLAY_POLL_SECONDS", "1");
		Process script = replay.start();
		assertThat(script.waitFor(5, TimeUnit.MINUTES)).as("replay.sh ended").isTrue();
		double seconds = (System.nanoTime() - start) / 1e9;
		List<String> output = Files.readAllLines(dataDir.resolve("replay.out"));
		log.info("replay.sh output:\n{}", String.join("\n", output));

		assertThat(script.exitValue()).as("replay.sh exit code; its output: %s", output).isZero();
		JsonNode progress = opsReplay();
		int total = progress.get("total").asInt();
		log.info("Replayed {} posts ({} published by the test) in {} s: {} posts/s", total, postIds.size(),
				String.format("%.1f", seconds), progress.get("postsPerSecond"));
		assertThat(total).isGreaterThanOrEqualTo(REPLAY_POSTS);
		assertThat(progress.get("state").asString()).isEqualTo("FINISHED");
		assertThat(progress.get("done").asInt()).isEqualTo(total);
		assertThat(progress.get("republished").asInt()).isEqualTo(total);
		assertThat(progress.get("failed").asInt()).isZero();
		assertThat(progress.get("postsPerSecond").asDouble()).isPositive();
		assertThat(output).anySatisfy((line) -> assertThat(line).matches("\\d+/" + total
				+ " done, 0 failed, [0-9.]+ posts/s, ETA [0-9?]+ s \\(RUNNING\\)"));
		assertThat(output).anySatisfy(
				(line) -> assertThat(line).startsWith(total + "/" + total + " done, 0 failed").endsWith("(FINISHED)"));

		awaitSitemapPartsWritten();
		SiteSnapshot after = SiteSnapshot.of(this.stack.s3(), this.settings.bucket());
		assertThat(after.objects().keySet()).as("the same objects").isEqualTo(before.objects().keySet());
		int postPages = 0;
		for (Map.Entry<String, SiteSnapshot.Item> object : before.objects().entrySet()) {
			SiteSnapshot.Item now = after.objects().get(object.getKey());
			// a page whose post ingest never accepted (the hand-written dead letter) is in no replay
			if (isPostPage(object.getKey(), object.getValue())
					&& !this.pagesIngestNeverAccepted.contains(object.getKey())) {
				postPages++;
				assertThat(now.body()).as("%s has the new template", object.getKey()).contains(TEMPLATE_NOTE);
				assertThat(now.body().replace(TEMPLATE_NOTE, ""))
					.as("%s is otherwise as before", object.getKey())
					.isEqualTo(object.getValue().body());
				assertThat(now.metadata()).as("%s shows the same version", object.getKey())
					.isEqualTo(object.getValue().metadata());
			}
			else {
				assertThat(now.body()).as("%s is unchanged", object.getKey()).isEqualTo(object.getValue().body());
			}
		}
		assertThat(postPages).isEqualTo(total);

		liveEditDuringAReplayIsPublishedAndNotOverwrittenByTheReplayedCopy(postIds.get(0), postIds.get(1));
	}

	/**
	 * The first post published is among the last a replay sends (newest first): edited once a quarter of the replay is
	 * through, its new version goes live while the replay runs, and the replay's copy of the older version never
	 * replaces it. How long the edit takes to go live is logged next to an edit made before the replay.
	 */
	private void liveEditDuringAReplayIsPublishedAndNotOverwrittenByTheReplayedCopy(String postId, String otherPostId)
			throws Exception {
		long alone = editAndAwaitLive(otherPostId, "Edited before the replay.");
		HttpResponse<String> started = ops("POST", "replay?rate=" + REPLAY_RATE);
		assertThat(started.statusCode()).isEqualTo(202);
		int total = JSON.readTree(started.body()).get("total").asInt();
		await().atMost(Duration.ofMinutes(2)).until(() -> opsReplay().get("done").asInt() >= total / 4);

		long duringReplay = editAndAwaitLive(postId, "Edited while the site was being replayed.");
		JsonNode meanwhile = opsReplay();
		log.info("A live edit went live in {} ms during the replay ({} of {} posts through), {} ms before it",
				duringReplay, meanwhile.get("done"), total, alone);
		assertThat(meanwhile.get("state").asString()).as("the edit did not wait for the replay").isEqualTo("RUNNING");

		await().atMost(Duration.ofMinutes(5))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> opsReplay().get("state").asString().equals("FINISHED"));
		String key = postKey(postId);
		assertThat(body(key)).contains("Edited while the site was being replayed.").contains(TEMPLATE_NOTE);
		assertThat(this.stack.s3()
			.headObject((request) -> request.bucket(this.settings.bucket()).key(key))
			.metadata()).containsEntry("post-version", "2");
	}

	/** Sends version 2 of a replay test post with another ending and waits until its page shows it; in ms. */
	private long editAndAwaitLive(String postId, String rest) throws Exception {
		long start = System.nanoTime();
		HttpResponse<String> edited = this.http.send(HttpRequest.newBuilder(this.settings.editorApiUrl().resolve(
				"posts/" + postId))
			.header("Authorization", "Bearer e2e-editor-token")
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(replayDraft(this.replayPostNumbers.get(postId), rest)))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(edited.statusCode()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> body(postKey(postId)).contains(rest));
		return (System.nanoTime() - start) / 1_000_000;
	}

	private String postKey(String postId) {
		return "posts/replay-post-" + this.replayPostNumbers.get(postId) + "/index.html";
	}

	/** Submits {@code count} posts by ten authors, across a few months, and waits until every one is published. */
	private List<String> publishPosts(int count) throws Exception {
		int authors = Math.max(10, (count + 99) / 100);
		Semaphore inFlight = new Semaphore(8);
		List<CompletableFuture<String>> submitted = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			inFlight.acquire();
			submitted.add(this.http
				.sendAsync(HttpRequest.newBuilder(this.settings.editorApiUrl())
					.header("Authorization", "Bearer e2e-editor-token")
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString(replayDraft(i, "The rest of the story.")))
					.build(), HttpResponse.BodyHandlers.ofString())
				.whenComplete((response, failure) -> inFlight.release())
				.thenApply((response) -> {
					assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
					return JSON.readTree(response.body()).get("postId").asString();
				}));
		}
		List<String> postIds = submitted.stream().map(CompletableFuture::join).toList();
		for (int i = 0; i < postIds.size(); i++) {
			this.replayPostNumbers.put(postIds.get(i), i);
		}
		await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
			int published = 0;
			for (int author = 0; author < authors; author++) {
				JsonNode page = JSON.readTree(get(this.settings.editorApiUrl()
					.resolve("posts?author=replay-author-" + author + "&size=100"),
						Map.of("Authorization", "Bearer e2e-editor-token"))
					.body());
				for (JsonNode item : page.get("items")) {
					published += item.get("state").asString().equals("published") ? 1 : 0;
				}
			}
			assertThat(published).isEqualTo(count);
		});
		return postIds;
	}

	/** The draft of the {@code n}th replay test post; its teaser stays the same whatever the rest says. */
	private static String replayDraft(int n, String rest) {
		Instant publishAt = Instant.parse("2025-01-01T10:00:00Z").plus(Duration.ofHours(8L * n));
		return """
				{"title": "Replay post %d", "author": {"id": "replay-author-%d", "name": "Author %d"},
				 "bodyMarkdown": "Teaser of post %d.\\n\\n<!--more-->\\n\\n%s", "excerpt": null, "slug": null,
				 "tags": ["replay"], "coverImage": null, "publishAt": "%s"}
				""".formatted(n, n % 10, n % 10, n, rest, publishAt);
	}

	private static boolean isPostPage(String key, SiteSnapshot.Item object) {
		return key.startsWith("posts/") && object.body().contains("<footer class=\"site-footer\">");
	}

	private String body(String key) {
		return this.stack.s3()
			.getObjectAsBytes((request) -> request.bucket(this.settings.bucket()).key(key))
			.asUtf8String();
	}

	private JsonNode opsReplay() throws Exception {
		HttpResponse<String> response = ops("GET", "replay");
		assertThat(response.statusCode()).isEqualTo(200);
		return JSON.readTree(response.body());
	}

	/**
	 * The attacks that once went through, sent to the service jar exactly as written (a raw socket: no client tidies
	 * the path): each is refused and creates no post; the actuator answers only on ingest's management port.
	 */
	@Test
	void theServiceJarRefusesOddSpellingsWithoutATokenAndKeepsItsActuatorApart() throws Exception {
		String author = "/api/posts?author=" + SamplePosts.AUTHOR_ID;
		long before = JSON.readTree(get(URI.create("http://localhost:" + this.settings.ingestPort() + author),
				Map.of("Authorization", "Bearer e2e-editor-token")).body()).get("total").asLong();
		String draft = "{\"title\": \"Slipped past\", \"author\": {\"id\": \"" + SamplePosts.AUTHOR_ID
				+ "\", \"name\": \"X\"}, \"bodyMarkdown\": \"x\"}";
		for (String[] attack : List.of(new String[] { "POST", "/api;x/posts" }, new String[] { "POST", "/%61pi/posts" },
				new String[] { "GET", "/ops;x/dead-letters" }, new String[] { "GET", "/%6fps/dead-letters" },
				new String[] { "GET", "/%6fps/replay" }, new String[] { "POST", "/api/posts" },
				new String[] { "GET", "/actuator/health" }, new String[] { "GET", "/actuator/prometheus" })) {
			int status = rawStatus(this.settings.ingestPort(), attack[0], attack[1], attack[0].equals("POST") ? draft : "");
			assertThat(status).as("%s %s", attack[0], attack[1]).isIn(400, 401, 403);
		}
		assertThat(JSON.readTree(get(URI.create("http://localhost:" + this.settings.ingestPort() + author),
				Map.of("Authorization", "Bearer e2e-editor-token")).body()).get("total").asLong()).isEqualTo(before);
		assertThat(get(URI.create("http://localhost:" + this.settings.ingestManagementPort() + "/actuator/health"),
				Map.of()).statusCode()).isEqualTo(200);
		assertThat(get(URI.create("http://localhost:" + this.settings.ingestPort() + "/readyz"), Map.of()).statusCode())
			.isEqualTo(200);
	}

	private static int rawStatus(int port, String method, String target, String body) throws IOException {
		byte[] content = body.getBytes(StandardCharsets.UTF_8);
		String head = method + " " + target + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
				+ "Content-Length: " + content.length + "\r\nConnection: close\r\n\r\n";
		try (java.net.Socket socket = new java.net.Socket("localhost", port)) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
			socket.getOutputStream().write(content);
			String answer = new String(socket.getInputStream().readNBytes(12), StandardCharsets.ISO_8859_1);
			return Integer.parseInt(answer.substring(9, 12));
		}
	}

	private HttpResponse<String> get(URI uri, Map<String, String> headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET();
		headers.forEach(request::header);
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}

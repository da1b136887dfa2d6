package blog.pipeline.publish;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import blog.pipeline.events.Author;
import blog.pipeline.events.CoverImage;
import blog.pipeline.events.PostEvent;
import blog.pipeline.events.PostPublished;
import blog.pipeline.events.PostRendered;
import blog.pipeline.events.PostUnpublished;
import blog.pipeline.events.PostWithdrawn;
import blog.pipeline.events.ReplayHeader;
import blog.pipeline.events.SiteStylesheet;
import blog.pipeline.events.Topics;
import blog.pipeline.publish.bucket.S3Properties;
import blog.pipeline.publish.bucket.SiteLayout;
import blog.pipeline.publish.catalog.CatalogEntries;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.ContainerProperties.AckMode;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.util.unit.DataSize;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The publish scenarios, run against a real Kafka broker and a real S3 server by each subclass: stimulate with events
 * on {@code posts.rendered}, then wait for the bucket and {@code posts.published} to show the outcome.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "pipeline.topics.partitions=2", "pipeline.retry.initial-interval=100ms",
				"pipeline.retry.max-interval=500ms", "pipeline.retry.attempts=1",
				"pipeline.operations.lag-interval=500ms", "pipeline.operations.setup-retry-max=1s",
				"management.endpoint.health.show-details=always",
				// each change writes its sitemap part, so the scenarios can expect it in the announcement; the delay
				// has its own scenario
				"pipeline.publish.sitemap-delay=0s" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(OutputCaptureExtension.class)
abstract class PublishScenarios {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final String HTML = "text/html; charset=utf-8";

	/** Settings a restarted application must share with the first one. */
	private static final List<String> SHARED_SETTINGS = List.of("pipeline.topics.partitions",
			"pipeline.retry.initial-interval", "pipeline.retry.max-interval", "pipeline.retry.attempts",
			"pipeline.operations.setup-retry-max", "management.endpoint.health.show-details", "pipeline.s3.endpoint",
			"pipeline.s3.bucket", "pipeline.s3.access-key", "pipeline.s3.secret-key", "pipeline.publish.sitemap-delay");

	@Autowired
	ConfigurableApplicationContext context;

	@Autowired
	KafkaTemplate<String, Object> kafka;

	@Autowired
	KafkaConnectionDetails kafkaConnection;

	@Autowired
	S3Properties s3Properties;

	@Autowired
	MeterRegistry meters;

	@LocalServerPort
	int port;

	S3Client s3;

	final String run = UUID.randomUUID().toString().substring(0, 8);

	@BeforeEach
	void connectToTheBucket() {
		this.s3 = S3Client.builder()
			.endpointOverride(this.s3Properties.endpoint())
			.region(Region.of(this.s3Properties.region()))
			.forcePathStyle(true)
			.credentialsProvider(StaticCredentialsProvider.create(
					AwsBasicCredentials.create(this.s3Properties.accessKey(), this.s3Properties.secretKey())))
			.build();
	}

	@AfterEach
	void disconnectFromTheBucket() {
		this.s3.close();
	}

	@Test
	@Order(1)
	void renderedPostIsPublishedWithItsAuthorIndexAndAnnounced() throws Exception {
		Author ada = author("ada", "Ada Lovelace");
		PostRendered post = rendered("p1", 1, "notes", ada, "Notes on the Engine", "2024-03-01T10:00:00Z");
		double publishedBefore = counter("pipeline.posts.published");
		long putsBefore = puts();
		long livesBefore = this.meters.get("pipeline.submit.to.live").timer().count();

		try (TopicProbe<PostEvent> published = publishedProbe()) {
			send(post);

			ResponseBytes<GetObjectResponse> page = awaitObject(postKey(post), (html) -> html.contains("version 1"));
			assertThat(page.asUtf8String()).isEqualTo(post.pageHtml());
			assertThat(page.response().contentType()).isEqualToIgnoringWhitespace(HTML);
			assertThat(page.response().cacheControl()).isEqualTo("public, max-age=60, s-maxage=300");
			assertThat(page.response().metadata()).containsEntry("post-version", "1");

			ResponseBytes<GetObjectResponse> index = awaitObject(authorKey(ada),
					(html) -> html.contains("Notes on the Engine"));
			assertThat(index.response().contentType()).isEqualToIgnoringWhitespace(HTML);
			assertThat(index.response().cacheControl()).isEqualTo("public, max-age=60, s-maxage=300");
			assertThat(Jsoup.parse(index.asUtf8String()).selectFirst("h1").text())
				.isEqualTo("All Posts By Ada Lovelace");
			assertThat(titlesIn(index.asUtf8String())).containsExactly("Notes on the Engine");

			ResponseBytes<GetObjectResponse> home = awaitObject("index.html",
					(html) -> html.contains("/authors/" + ada.id() + "/"));
			assertThat(home.response().contentType()).isEqualToIgnoringWhitespace(HTML);

			Document indexHtml = Jsoup.parse(index.asUtf8String());
			assertThat(indexHtml.select("style")).isEmpty();
			assertThat(indexHtml.selectFirst("link[rel=stylesheet]").attr("href")).isEqualTo(SiteStylesheet.url());
			ResponseBytes<GetObjectResponse> css = object(SiteStylesheet.key()).orElseThrow();
			assertThat(css.asUtf8String()).isEqualTo(SiteStylesheet.css());
			assertThat(css.response().contentType()).isEqualToIgnoringWhitespace("text/css; charset=utf-8");
			assertThat(css.response().cacheControl()).isEqualTo("public, max-age=31536000, immutable");
			ResponseBytes<GetObjectResponse> notFound = object("404.html").orElseThrow();
			assertThat(notFound.response().contentType()).isEqualToIgnoringWhitespace(HTML);
			assertThat(notFound.asUtf8String()).contains("Page not found");

			String month = "authors/" + ada.id() + "/2024/03/index.html";
			assertThat(titlesIn(awaitObject(month, (html) -> html.contains("Notes on the Engine")).asUtf8String()))
				.containsExactly("Notes on the Engine");
			ResponseBytes<GetObjectResponse> authorFeed = awaitObject("authors/" + ada.id() + "/feed.xml",
					(xml) -> xml.contains("Notes on the Engine"));
			assertThat(authorFeed.response().contentType())
				.isEqualToIgnoringWhitespace("application/atom+xml; charset=utf-8");
			ResponseBytes<GetObjectResponse> feed = awaitObject("feed.xml",
					(xml) -> xml.contains("/posts/" + post.slug() + "/"));
			assertThat(feed.response().contentType())
				.isEqualToIgnoringWhitespace("application/atom+xml; charset=utf-8");
			assertThat(feed.response().cacheControl()).isEqualTo("public, max-age=60, s-maxage=300");
			String part = sitemapPartKey(post);
			ResponseBytes<GetObjectResponse> sitemap = awaitObject("sitemap.xml", (xml) -> xml.contains(part));
			assertThat(sitemap.response().contentType()).isEqualToIgnoringWhitespace("application/xml; charset=utf-8");
			assertThat(sitemap.response().cacheControl()).isEqualTo("public, max-age=300, s-maxage=3600");
			awaitObject(part, (xml) -> xml.contains("/posts/" + post.slug() + "/"));

			PostPublished announced = (PostPublished) published
				.awaitRecord((record) -> record.key().equals(post.postId())
						&& record.value() instanceof PostPublished)
				.value();
			assertThat(announced.version()).isEqualTo(1);
			assertThat(announced.objectKeys()).containsExactlyInAnyOrder(postKey(post), authorKey(ada), month,
					"authors/" + ada.id() + "/feed.xml", "authors/" + ada.id() + "/archive/index.html", "index.html",
					"feed.xml", part, "sitemaps/pages.xml", "sitemap.xml");
			assertThat(announced.changedPaths()).contains("/authors/" + ada.id() + "/archive/", "/sitemap.xml");
			assertThat(announced.url()).isEqualTo("/posts/" + post.slug() + "/");
			assertThat(announced.objectKeys()).contains(postKey(post), authorKey(ada), "index.html");
			assertThat(announced.changedPaths()).contains("/posts/" + post.slug() + "/",
					"/authors/" + ada.id() + "/", "/");
			assertThat(announced.acceptedAt()).isEqualTo(post.acceptedAt());
			assertThat(announced.publishedAt()).isAfterOrEqualTo(post.acceptedAt());
		}
		await().atMost(TIMEOUT).until(() -> counter("pipeline.posts.published") > publishedBefore);
		// one post version, its page and its author and site pages: ten puts
		assertThat(puts()).isGreaterThanOrEqualTo(putsBefore + 10);
		Timer submitToLive = this.meters.get("pipeline.submit.to.live").timer();
		assertThat(submitToLive.count()).isEqualTo(livesBefore + 1);
		assertThat(submitToLive.max(TimeUnit.MILLISECONDS)).isPositive();
	}

	@Test
	@Order(2)
	void olderVersionNeverOverwritesANewerOne() throws Exception {
		Author ada = author("ada", "Ada Lovelace");
		PostRendered v2 = rendered("p1", 2, "engine", ada, "Engine, revised", "2024-03-01T10:00:00Z");
		PostRendered v1 = rendered("p1", 1, "engine", ada, "Engine, first draft", "2024-03-01T10:00:00Z");
		double staleBefore = this.meters.counter("pipeline.publish.stale").count();

		send(v2);
		send(v1);

		await().atMost(TIMEOUT).until(() -> this.meters.counter("pipeline.publish.stale").count() > staleBefore);
		ResponseBytes<GetObjectResponse> page = awaitObject(postKey(v2), (html) -> html.contains("version 2"));
		assertThat(page.response().metadata()).containsEntry("post-version", "2");
		awaitObject(authorKey(ada), (html) -> titlesIn(html).equals(List.of("Engine, revised")));
	}

	@Test
	@Order(14)
	void postsAppendedSinceThisInstanceGotThePartitionSkipTheBucketReadAndAnEditKeepsTheIndexPagesItDoesNotChange()
			throws Exception {
		Author bea = author("bea", "Bea Edit");
		PostRendered v1 = rendered("edited", 1, "edited", bea, "Edited", "2024-05-01T10:00:00Z");
		// the body changes; title, excerpt, cover and date stay: the author page and its month page look the same
		PostRendered v2 = withPage(rendered("edited", 2, "edited", bea, "Edited", "2024-05-01T10:00:00Z"),
				"<html><body>version 2, edited</body></html>");
		String month = "authors/" + bea.id() + "/2024/05/index.html";
		try (TopicProbe<PostEvent> published = publishedProbe()) {
			double checksBefore = counter("pipeline.publish.version.checks");
			send(v1);
			awaitAnnounced(published, v1);
			// appended after this instance got the partition: no other instance handled it or a later version of the
			// post, so the bucket is not asked for the page's version (the version guard)
			assertThat(counter("pipeline.publish.version.checks")).isEqualTo(checksBefore);
			String authorPage = object(authorKey(bea)).orElseThrow().asUtf8String();
			String monthPage = object(month).orElseThrow().asUtf8String();
			double unchangedBefore = counter("pipeline.publish.bucket.unchanged");

			send(v2);
			awaitAnnounced(published, v2);

			assertThat(counter("pipeline.publish.version.checks")).isEqualTo(checksBefore);
			assertThat(object(postKey(v2)).orElseThrow().asUtf8String()).contains("version 2, edited");
			assertThat(counter("pipeline.publish.bucket.unchanged")).isGreaterThanOrEqualTo(unchangedBefore + 2);
			assertThat(object(authorKey(bea)).orElseThrow().asUtf8String()).isEqualTo(authorPage);
			assertThat(object(month).orElseThrow().asUtf8String()).isEqualTo(monthPage);
			// what the edit did change is written: the feed's entry carries the new version's time
			awaitObject("authors/" + bea.id() + "/feed.xml",
					(xml) -> xml.contains("<updated>" + v2.acceptedAt() + "</updated>"));
		}
	}

	private static void awaitAnnounced(TopicProbe<PostEvent> published, PostRendered post) {
		published.awaitRecord((record) -> record.key().equals(post.postId())
				&& record.value() instanceof PostPublished announced && announced.version() == post.version());
	}

	@Test
	@Order(12)
	void replayedSameVersionRewritesThePageAndIsAnnouncedWithTheReplayId() throws Exception {
		Author ada = author("ada", "Ada Lovelace");
		PostRendered live = rendered("replayed", 1, "replayed", ada, "Replayed", "2024-03-01T10:00:00Z");
		send(live);
		awaitObject(postKey(live), (html) -> html.equals(live.pageHtml()));
		String authorPage = awaitObject(authorKey(ada), (html) -> titlesIn(html).equals(List.of("Replayed")))
			.asUtf8String();
		PostRendered replayed = withPage(live, live.pageHtml().replace("</body>", "<footer>new</footer></body>"));

		try (TopicProbe<PostEvent> published = publishedProbe()) {
			sendReplayed(replayed, "replay-" + this.run);

			ResponseBytes<GetObjectResponse> page = awaitObject(postKey(live), (html) -> html.contains("new</footer>"));
			assertThat(page.response().metadata()).containsEntry("post-version", "1");
			ConsumerRecord<String, PostEvent> announced = published
				.awaitRecord((record) -> record.key().equals(live.postId())
						&& ("replay-" + this.run).equals(header(record, ReplayHeader.NAME)));
			assertThat(announced.value()).isInstanceOfSatisfying(PostPublished.class, (event) -> {
				assertThat(event.version()).isEqualTo(1);
				assertThat(event.objectKeys()).contains(postKey(live), authorKey(ada));
			});
		}
		assertThat(object(authorKey(ada)).orElseThrow().asUtf8String()).as("the index shows the same entry")
			.isEqualTo(authorPage);

		double staleBefore = this.meters.counter("pipeline.publish.stale").count();
		send(live);
		await().atMost(TIMEOUT).until(() -> this.meters.counter("pipeline.publish.stale").count() > staleBefore);
		assertThat(object(postKey(live)).orElseThrow().asUtf8String())
			.as("a live redelivery of the same version is still skipped")
			.contains("new</footer>");
	}

	@Test
	@Order(13)
	void replayedOlderVersionNeverOverwritesANewerOne() throws Exception {
		Author ada = author("ada", "Ada Lovelace");
		PostRendered v2 = rendered("edited", 2, "edited", ada, "Edited during the replay", "2024-03-01T10:00:00Z");
		PostRendered v1 = rendered("edited", 1, "edited", ada, "Before the edit", "2024-03-01T10:00:00Z");
		send(v2);
		awaitObject(postKey(v2), (html) -> html.equals(v2.pageHtml()));
		double staleBefore = this.meters.counter("pipeline.publish.stale").count();

		sendReplayed(withPage(v1, v1.pageHtml() + "<!-- replayed -->"), "replay-old-" + this.run);

		await().atMost(TIMEOUT).until(() -> this.meters.counter("pipeline.publish.stale").count() > staleBefore);
		ResponseBytes<GetObjectResponse> page = object(postKey(v2)).orElseThrow();
		assertThat(page.asUtf8String()).isEqualTo(v2.pageHtml());
		assertThat(page.response().metadata()).containsEntry("post-version", "2");
	}

	@Test
	@Order(3)
	void withdrawnPostIsDeletedAndLeavesTheAuthorIndex() throws Exception {
		Author ada = author("ada", "Ada Lovelace");
		PostRendered kept = rendered("kept", 1, "kept", ada, "Kept", "2024-03-01T10:00:00Z");
		PostRendered gone = rendered("gone", 1, "gone", ada, "Gone", "2024-03-02T10:00:00Z");
		send(kept);
		send(gone);
		awaitObject(authorKey(ada), (html) -> titlesIn(html).equals(List.of("Gone", "Kept")));

		double withdrawnBefore = counter("pipeline.posts.withdrawn");
		try (TopicProbe<PostEvent> published = publishedProbe()) {
			send(new PostWithdrawn(gone.postId(), 2, Instant.now()));

			awaitObject(authorKey(ada), (html) -> titlesIn(html).equals(List.of("Kept")));
			assertThat(object(postKey(gone))).isEmpty();
			assertThat(object(postKey(kept))).isPresent();
			PostUnpublished announced = (PostUnpublished) published
				.awaitRecord((record) -> record.key().equals(gone.postId())
						&& record.value() instanceof PostUnpublished)
				.value();
			assertThat(announced.version()).isEqualTo(2);
			// the sitemap index changes only when a part gains its first post or loses its last
			String gonePart = sitemapPartKey(gone);
			List<String> expectedPaths = new ArrayList<>(List.of("/posts/" + gone.slug() + "/",
					"/authors/" + ada.id() + "/", "/authors/" + ada.id() + "/feed.xml",
					"/authors/" + ada.id() + "/2024/03/", "/", "/feed.xml", "/" + gonePart));
			if (announced.changedPaths().contains("/sitemap.xml")) {
				expectedPaths.add("/sitemap.xml");
				assertThat(object(gonePart)).isEmpty();
				assertThat(sitemapUrls("/posts/")).doesNotContain("/posts/" + gone.slug() + "/");
			}
			else {
				assertThat(object(gonePart).orElseThrow().asUtf8String()).doesNotContain("/posts/" + gone.slug() + "/");
			}
			assertThat(announced.changedPaths()).containsExactlyInAnyOrderElementsOf(expectedPaths);
			String gonePath = "/posts/" + gone.slug() + "/";
			assertThat(object("index.html").orElseThrow().asUtf8String()).doesNotContain(gonePath);
			assertThat(object("feed.xml").orElseThrow().asUtf8String()).doesNotContain(gonePath);
			assertThat(object(sitemapPartKey(kept)).orElseThrow().asUtf8String())
				.contains("/posts/" + kept.slug() + "/");
			assertThat(object("authors/" + ada.id() + "/feed.xml").orElseThrow().asUtf8String())
				.doesNotContain(gonePath);
			assertThat(object("404.html")).isPresent();
		}
		await().atMost(TIMEOUT).until(() -> counter("pipeline.posts.withdrawn") == withdrawnBefore + 1);
	}

	@Test
	@Order(4)
	void postMovesBetweenAuthorIndexesWhenItsAuthorChanges() throws Exception {
		Author ada = author("ada", "Ada Lovelace");
		Author bob = author("bob", "Bob Babbage");
		PostRendered stays = rendered("stays", 1, "stays", ada, "Stays with Ada", "2024-03-01T10:00:00Z");
		PostRendered moves = rendered("moves", 1, "moves", ada, "Moves to Bob", "2024-03-02T10:00:00Z");
		send(stays);
		send(moves);
		awaitObject(authorKey(ada), (html) -> titlesIn(html).size() == 2);

		send(rendered("moves", 2, "moves", bob, "Moves to Bob", "2024-03-02T10:00:00Z"));

		awaitObject(authorKey(ada), (html) -> titlesIn(html).equals(List.of("Stays with Ada")));
		awaitObject(authorKey(bob), (html) -> titlesIn(html).equals(List.of("Moves to Bob")));
	}

	@Test
	@Order(5)
	void slugChangeMovesThePageAndLeavesARedirectAtTheOldUrl() throws Exception {
		Author ada = author("ada", "Ada Lovelace");
		send(rendered("p1", 1, "first-slug", ada, "Renamed", "2024-03-01T10:00:00Z"));
		awaitObject(key("posts", "first-slug"), (html) -> html.contains("version 1"));

		send(rendered("p1", 2, "second-slug", ada, "Renamed", "2024-03-01T10:00:00Z"));

		awaitObject(key("posts", "second-slug"), (html) -> html.contains("version 2"));
		String newPath = "/posts/second-slug-" + this.run + "/";
		ResponseBytes<GetObjectResponse> redirect = awaitObject(key("posts", "first-slug"),
				(html) -> html.contains(newPath));
		Document moved = Jsoup.parse(redirect.asUtf8String());
		assertThat(moved.selectFirst("link[rel=canonical]").attr("href")).endsWith(newPath);
		assertThat(moved.selectFirst("meta[http-equiv=refresh]").attr("content")).isEqualTo("0; url=" + newPath);
		assertThat(redirect.response().metadata()).containsEntry("post-version", "2");
		// S3 website redirect where the server implements it (MinIO, AWS), else the metadata an edge can honour
		assertThat((redirect.response().websiteRedirectLocation() != null)
				? redirect.response().websiteRedirectLocation() : redirect.response().metadata().get("redirect-location"))
			.isEqualTo(newPath);

		send(new PostWithdrawn("p1-" + this.run, 3, Instant.now()));
		await().atMost(TIMEOUT).until(() -> object(key("posts", "first-slug")).isEmpty()
				&& object(key("posts", "second-slug")).isEmpty());
		send(rendered("p1", 4, "second-slug", ada, "Renamed", "2024-03-01T10:00:00Z"));
		awaitObject(key("posts", "second-slug"), (html) -> html.contains("version 4"));
		awaitObject(authorKey(ada), (index) -> Jsoup.parse(index)
			.select("article h2 a")
			.eachAttr("href")
			.equals(List.of("/posts/second-slug-" + this.run + "/")));
	}

	@Test
	@Order(6)
	void recordsThatCanNeverBePublishedAreDeadLetteredAndTheRestIsPublished() throws Exception {
		String badJson = "bad-json-" + this.run;
		String futureSchema = "future-" + this.run;
		String good = "good-" + this.run;
		String slug = "after-poison-" + this.run;
		double deadLettersBefore = deadLetters(Topics.POSTS_RENDERED);
		try (KafkaProducer<String, String> producer = rawProducer();
				TopicProbe<String> deadLetters = TopicProbe.text(bootstrapServers(),
						Topics.deadLetterOf(Topics.POSTS_RENDERED))) {
			// All on one partition, in order: the poison records must not block the good one behind them.
			producer.send(new ProducerRecord<>(Topics.POSTS_RENDERED, 0, badJson, "{not json")).get();
			producer
				.send(new ProducerRecord<>(Topics.POSTS_RENDERED, 0, futureSchema,
						"{\"type\":\"PostWithdrawn\",\"schemaVersion\":99,\"postId\":\"" + futureSchema
								+ "\",\"version\":2,\"acceptedAt\":\"2024-03-01T10:00:00Z\"}"))
				.get();
			producer.send(new ProducerRecord<>(Topics.POSTS_RENDERED, 0, good, renderedJsonWithUnknownField(good, slug)))
				.get();

			ConsumerRecord<String, String> unreadable = deadLetters
				.awaitRecord((record) -> record.key().equals(badJson));
			assertThat(unreadable.value()).isEqualTo("{not json");
			assertThat(unreadable.partition()).isZero();
			deadLetters.awaitRecord((record) -> record.key().equals(futureSchema));
			awaitObject("posts/" + slug + "/index.html", (html) -> html.contains("tolerated"));
			assertThat(deadLetters.readToEnd()).noneMatch((record) -> record.key().equals(good));
		}
		await().atMost(TIMEOUT).until(() -> deadLetters(Topics.POSTS_RENDERED) == deadLettersBefore + 2);
		assertThat(deadLetters(Topics.PUBLISH_AUTHOR_INDEX)).isZero();
	}

	double deadLetters(String topic) {
		return this.meters.get("pipeline.dead.letters").tag("topic", topic).counter().count();
	}

	double counter(String name) {
		return this.meters.get(name).counter().count();
	}

	/** The key of the sitemap part that lists {@code post}. */
	String sitemapPartKey(PostRendered post) {
		int parts = this.context.getBean(PublishProperties.class).sitemapParts();
		return SiteLayout.sitemapPartKey(SiteLayout.sitemapPartOf(post.postId(), parts), parts);
	}

	/** Object puts so far, of every kind. */
	long puts() {
		return this.meters.get("pipeline.s3.put.time").timers().stream().mapToLong(Timer::count).sum();
	}

	@Test
	@Order(7)
	void exposesHealthAndPrometheusMetrics() throws Exception {
		HttpClient http = HttpClient.newHttpClient();

		HttpResponse<String> health = http.send(management("health"), HttpResponse.BodyHandlers.ofString());
		HttpResponse<String> readiness = http.send(management("health/readiness"),
				HttpResponse.BodyHandlers.ofString());
		HttpResponse<String> liveness = http.send(management("health/liveness"), HttpResponse.BodyHandlers.ofString());

		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("\"UP\"");
		assertThat(readiness.statusCode()).isEqualTo(200);
		assertThat(component(readiness.body(), "kafka")).isEqualTo("UP");
		assertThat(component(readiness.body(), "s3")).isEqualTo("UP");
		assertThat(liveness.statusCode()).isEqualTo(200);
		assertThat(liveness.body()).doesNotContain("kafka", "s3");
		// the lag gauges appear once the next refresh has run
		String groups = "group=\"" + this.context.getEnvironment().getProperty("spring.application.name");
		await().atMost(TIMEOUT).untilAsserted(() -> assertThat(prometheus(http)).contains(
				"pipeline_consumer_lag{application=\"publish-service\",group=\"publish-service\",partition=\"0\","
						+ "topic=\"posts.rendered\"}",
				groups + ".author-index\",partition=\"0\",topic=\"publish.author-index\"}",
				groups + ".site\",partition=\"0\",topic=\"publish.site-index\"}"));
		assertThat(prometheus(http)).contains("pipeline_publish_stale_total", "pipeline_publish_applied_total",
				"pipeline_publish_objects_written_count", "pipeline_publish_bucket_writes_total",
				"pipeline_posts_published_total{application=\"publish-service\"}", "pipeline_posts_withdrawn_total",
				"pipeline_s3_put_time_seconds_count", "pipeline_submit_to_live_seconds_bucket{",
				"pipeline_dead_letters_total{application=\"publish-service\",topic=\"posts.rendered\"}");
		// every stage's consumer reports Kafka's client metrics (records consumed, fetch and commit latency, lag)
		List<String> consumed = prometheus(http).lines()
			.filter((line) -> line.startsWith("kafka_consumer_fetch_manager_records_consumed_total{"))
			.toList();
		for (String stage : List.of("kafkaConsumerFactory.consumer-publish-service-",
				"authorIndexConsumerFactory.consumer-publish-service.author-index-",
				"siteIndexConsumerFactory.consumer-publish-service.site-")) {
			assertThat(consumed).as(stage).anyMatch((line) -> line.contains("spring_id=\"" + stage));
		}
	}

	@Test
	void everyStageCommitsItsOffsetsAsynchronouslyOnTheCommitInterval() {
		KafkaListenerEndpointRegistry registry = this.context.getBean(KafkaListenerEndpointRegistry.class);
		for (String stage : List.of("publish-posts", "publish-author-index", "publish-site")) {
			ContainerProperties properties = registry.getListenerContainer(stage).getContainerProperties();
			assertThat(properties.getAckMode()).as(stage).isEqualTo(AckMode.TIME);
			assertThat(properties.getAckTime()).as(stage).isEqualTo(1000);
			assertThat(properties.isSyncCommits()).as(stage).isFalse();
		}
	}

	String prometheus(HttpClient http) throws Exception {
		HttpResponse<String> metrics = http.send(management("prometheus"), HttpResponse.BodyHandlers.ofString());
		assertThat(metrics.statusCode()).isEqualTo(200);
		return metrics.body();
	}

	/** The status of one component in a health response. */
	static String component(String health, String name) {
		return JsonMapper.shared().readTree(health).path("components").path(name).path("status").asString();
	}

	@Test
	@Order(11)
	void traceOfTheIncomingRecordReachesTheBucketWriteLogAndThePublishedHeaders(CapturedOutput output)
			throws Exception {
		Author ada = author("ada", "Ada Lovelace");
		PostRendered post = rendered("traced", 1, "traced", ada, "Traced", "2024-05-01T10:00:00Z");
		String traceId = UUID.randomUUID().toString().replace("-", "");
		String parentSpanId = traceId.substring(0, 16);
		ProducerRecord<String, PostEvent> record = new ProducerRecord<>(Topics.POSTS_RENDERED, post.postId(), post);
		record.headers().add("traceparent", ("00-" + traceId + "-" + parentSpanId + "-01").getBytes(UTF_8));

		try (TopicProbe<PostEvent> published = publishedProbe();
				KafkaProducer<String, PostEvent> producer = eventProducer()) {
			producer.send(record).get(10, TimeUnit.SECONDS);

			ConsumerRecord<String, PostEvent> announced = published
				.awaitRecord((candidate) -> candidate.key().equals(post.postId())
						&& candidate.value() instanceof PostPublished);
			String traceparent = new String(announced.headers().lastHeader("traceparent").value(), UTF_8);
			assertThat(traceparent).matches("00-" + traceId + "-[0-9a-f]{16}-01")
				.doesNotContain(parentSpanId + "-01");
		}
		// the log line of the page write is JSON (ECS) with the post id, its version and the incoming trace id
		await().atMost(TIMEOUT).untilAsserted(() -> assertThat(jsonLogLines(output))
			.filteredOn((line) -> message(line).startsWith("Published version 1 of post " + post.postId()))
			.singleElement()
			.satisfies((line) -> {
				assertThat(line.path("traceId").asString()).isEqualTo(traceId);
				assertThat(line.path("postId").asString()).isEqualTo(post.postId());
				assertThat(line.path("version").asString()).isEqualTo("1");
				assertThat(line.path("log").path("logger").asString()).endsWith("BatchPublisher");
			}));
		// and so is the announcement's, two stages later
		assertThat(jsonLogLines(output))
			.filteredOn((line) -> message(line)
				.startsWith("Announcing PostPublished of version 1 of post " + post.postId()))
			.singleElement()
			.satisfies((line) -> assertThat(line.path("traceId").asString()).isEqualTo(traceId));
	}

	static String message(JsonNode logLine) {
		return logLine.path("message").asString();
	}

	static List<JsonNode> jsonLogLines(CapturedOutput output) {
		return output.getOut()
			.lines()
			.filter((line) -> line.startsWith("{\"@timestamp\""))
			.map((line) -> JsonMapper.shared().readTree(line))
			.toList();
	}

	@Test
	void reportsNoLagOnceItReadAPartitionWhoseLastWriteWasATransaction() throws Exception {
		// render writes posts.rendered in transactions: the partition ends with a commit marker after the record
		int partition = 0;
		PostRendered post = rendered("transactional", 1, "transactional", author("ada", "Ada Lovelace"),
				"Rendered in a transaction", "2024-06-01T10:00:00Z");
		JacksonJsonSerializer<PostEvent> values = new JacksonJsonSerializer<>();
		values.setAddTypeInfo(false);
		try (TopicProbe<PostEvent> published = publishedProbe();
				KafkaProducer<String, PostEvent> transactional = new KafkaProducer<>(
						Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
								ProducerConfig.TRANSACTIONAL_ID_CONFIG, "publish-tests-" + UUID.randomUUID()),
						new StringSerializer(), values)) {
			transactional.initTransactions();
			transactional.beginTransaction();
			transactional.send(new ProducerRecord<>(Topics.POSTS_RENDERED, partition, post.postId(), post));
			transactional.commitTransaction();
			published.awaitRecord((candidate) -> candidate.key().equals(post.postId())
					&& candidate.value() instanceof PostPublished);
		}

		await().atMost(TIMEOUT).untilAsserted(() -> {
			Gauge lag = this.meters.find("pipeline.consumer.lag")
				.tags("group", "publish-service", "topic", Topics.POSTS_RENDERED, "partition",
						Integer.toString(partition))
				.gauge();
			assertThat(lag).isNotNull();
			assertThat(lag.value()).as("the commit marker is not a record left to read").isZero();
		});
	}

	private KafkaProducer<String, PostEvent> eventProducer() {
		JacksonJsonSerializer<PostEvent> values = new JacksonJsonSerializer<>();
		values.setAddTypeInfo(false);
		return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()),
				new StringSerializer(), values);
	}

	@Test
	@Order(8)
	void aNewerPageInTheBucketIsNeverOverwrittenByAnOlderVersion() throws Exception {
		// While this instance did not own the partition, another one wrote version 9; this catalog never saw it.
		// Version 2 was in the partition before this instance got it back, so its page in the bucket is read first.
		Author ada = author("ada", "Ada Lovelace");
		PostRendered v2 = rendered("zombie", 2, "zombie", ada, "Zombie", "2024-03-01T10:00:00Z");
		double staleBefore = this.meters.counter("pipeline.publish.stale").count();
		double checksBefore = counter("pipeline.publish.version.checks");
		MessageListenerContainer posts = this.context.getBean(KafkaListenerEndpointRegistry.class)
			.getListenerContainer("publish-posts");
		posts.stop();
		try {
			putVersion9Page(v2);
			send(v2);
		}
		finally {
			posts.start();
		}

		await().atMost(TIMEOUT).until(() -> this.meters.counter("pipeline.publish.stale").count() > staleBefore);
		ResponseBytes<GetObjectResponse> page = object(postKey(v2)).orElseThrow();
		assertThat(page.asUtf8String()).contains("version 9");
		assertThat(page.response().metadata()).containsEntry("post-version", "9");
		assertThat(counter("pipeline.publish.version.checks")).isGreaterThan(checksBefore);
	}

	@Test
	@Order(9)
	void authorPageShowsTheNewestPostsAndStableMonthlyArchivesAndOneChangeWritesABoundedNumberOfObjects()
			throws Exception {
		Author ada = author("ada", "Ada Lovelace");
		List<PostRendered> posts = new ArrayList<>();
		for (int i = 0; i < 14; i++) {
			posts.add(rendered("arch" + i, 1, "arch" + i, ada, "Archived " + i,
					Instant.parse("2023-01-01T10:00:00Z").plus(Duration.ofDays(9L * i)).toString()));
		}
		for (PostRendered post : posts) {
			send(post);
		}
		List<String> newestFirst = new ArrayList<>(
				posts.stream().map((post) -> SiteLayout.postPath(post.slug())).toList());
		Collections.reverse(newestFirst);
		await().atMost(TIMEOUT).untilAsserted(() -> assertThat(listing(ada)).isEqualTo(newestFirst));
		Document page = Jsoup.parse(object(authorKey(ada)).orElseThrow().asUtf8String());
		assertThat(page.select("article h2 a").eachAttr("href")).isEqualTo(newestFirst.subList(0, 10));
		assertThat(page.select("nav.archive a").eachText()).containsExactly("April 2023", "March 2023",
				"February 2023", "January 2023");
		String januaryKey = "authors/" + ada.id() + "/2023/01/index.html";
		String january = object(januaryKey).orElseThrow().response().eTag();

		try (TopicProbe<PostEvent> published = publishedProbe()) {
			PostRendered added = rendered("arch-new", 1, "arch-new", ada, "Added", "2023-06-01T10:00:00Z");
			send(added);

			PostPublished announced = (PostPublished) published
				.awaitRecord((record) -> record.key().equals(added.postId())).value();
			// post page; author page, feed, its month, list of months (a new month); home, site feed, its sitemap
			// part, and the sitemap index if the part had no post yet
			assertThat(announced.objectKeys()).hasSize(announced.objectKeys().contains("sitemap.xml") ? 9 : 8)
				.contains(sitemapPartKey(added))
				.contains("authors/" + ada.id() + "/2023/06/index.html")
				.doesNotContain(januaryKey);
		}
		assertThat(object(januaryKey).orElseThrow().response().eTag()).isEqualTo(january);
		// whatever the site's size, no change of these tests (a post moving between authors the most) lists more than
		// 13 objects; the sitemap index is one of them when the post's part gained its first post, which happens
		// often in this small bucket of many parts
		DistributionSummary written = this.meters.get("pipeline.publish.objects.written").summary();
		assertThat(written.max()).isLessThanOrEqualTo(13);
	}

	private HttpRequest management(String endpoint) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/" + endpoint)).build();
	}

	@Test
	@Order(12)
	void hugeRecordsOnEveryConsumedTopicAreDeadLetteredWithTheReasonAndTheRecordsBehindThemArePublished()
			throws Exception {
		String garbageKey = "huge-garbage-" + this.run;
		String absurd = "huge-title-" + this.run;
		Author author = author("behind-huge", "Behind Huge");
		PostRendered good = rendered("behind-huge", 1, "behind-huge", author, "Behind the huge records",
				"2024-06-01T10:00:00Z");
		// just under the topics' limit and incompressible: its dead letter, with the exception headers, is larger
		byte[] garbage = new byte[(int) (maxRecordSize() - 64 * 1024)];
		new Random(42).nextBytes(garbage);
		double renderedBefore = deadLetters(Topics.POSTS_RENDERED);
		double authorIndexBefore = deadLetters(Topics.PUBLISH_AUTHOR_INDEX);
		double siteBefore = deadLetters(Topics.PUBLISH_SITE_INDEX);
		try (KafkaProducer<String, byte[]> producer = hugeRecordProducer();
				TopicProbe<byte[]> renderedDeadLetters = TopicProbe.bytes(bootstrapServers(),
						Topics.deadLetterOf(Topics.POSTS_RENDERED));
				TopicProbe<byte[]> authorIndexDeadLetters = TopicProbe.bytes(bootstrapServers(),
						Topics.deadLetterOf(Topics.PUBLISH_AUTHOR_INDEX));
				TopicProbe<byte[]> siteDeadLetters = TopicProbe.bytes(bootstrapServers(),
						Topics.deadLetterOf(Topics.PUBLISH_SITE_INDEX));
				TopicProbe<PostEvent> published = publishedProbe()) {
			// the huge records go first on every partition the good post's records will take
			for (int partition = 0; partition < partitions(Topics.PUBLISH_AUTHOR_INDEX); partition++) {
				producer.send(new ProducerRecord<>(Topics.PUBLISH_AUTHOR_INDEX, partition, garbageKey, garbage)).get();
			}
			producer.send(new ProducerRecord<>(Topics.PUBLISH_SITE_INDEX, 0, garbageKey, garbage)).get();
			producer.send(new ProducerRecord<>(Topics.POSTS_RENDERED, 0, garbageKey, garbage)).get();
			PostRendered hugeTitle = rendered("huge-title", 1, "huge-title", author, "t".repeat(900 * 1024),
					"2024-06-01T10:00:00Z");
			producer.send(new ProducerRecord<>(Topics.POSTS_RENDERED, 0, hugeTitle.postId(), json(hugeTitle))).get();
			producer.send(new ProducerRecord<>(Topics.POSTS_RENDERED, 0, good.postId(), json(good))).get();

			ConsumerRecord<String, byte[]> unreadable = renderedDeadLetters
				.awaitRecord((record) -> record.key().equals(garbageKey));
			assertThat(unreadable.value()).isEqualTo(garbage);
			assertThat(unreadable.partition()).isZero();
			assertThat(header(unreadable, KafkaHeaders.DLT_EXCEPTION_FQCN) + " "
					+ header(unreadable, KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN))
				.contains("DeserializationException");
			ConsumerRecord<String, byte[]> tooLong = renderedDeadLetters
				.awaitRecord((record) -> record.key().equals(hugeTitle.postId()));
			assertThat(header(tooLong, KafkaHeaders.DLT_EXCEPTION_STACKTRACE))
				.contains("'title' has 921600 characters, more than the 200");
			assertThat(authorIndexDeadLetters.awaitRecord((record) -> record.key().equals(garbageKey)).value())
				.isEqualTo(garbage);
			ConsumerRecord<String, byte[]> siteDeadLetter = siteDeadLetters
				.awaitRecord((record) -> record.key().equals(garbageKey));
			assertThat(siteDeadLetter.value()).isEqualTo(garbage);
			assertThat(header(siteDeadLetter, KafkaHeaders.DLT_EXCEPTION_MESSAGE)).isNotBlank();

			awaitObject(postKey(good), (html) -> html.equals(good.pageHtml()));
			awaitObject(authorKey(author), (html) -> html.contains("Behind the huge records"));
			awaitObject("index.html", (html) -> html.contains("Behind the huge records"));
			published.awaitRecord((record) -> record.key().equals(good.postId())
					&& record.value() instanceof PostPublished);
			assertThat(object(postKey(hugeTitle))).isEmpty();
		}
		await().atMost(TIMEOUT).untilAsserted(() -> {
			assertThat(deadLetters(Topics.POSTS_RENDERED)).isEqualTo(renderedBefore + 2);
			assertThat(deadLetters(Topics.PUBLISH_AUTHOR_INDEX))
				.isEqualTo(authorIndexBefore + partitions(Topics.PUBLISH_AUTHOR_INDEX));
			assertThat(deadLetters(Topics.PUBLISH_SITE_INDEX)).isEqualTo(siteBefore + 1);
		});
	}

	@Test
	@Order(13)
	void thePostOfTheLargestDraftTheApiAcceptsIsPublished() throws Exception {
		Author author = author("largest", "Largest Draft");
		// a page and teaser as large as render makes of 1 MiB of Markdown (more than 1 MiB of HTML, with quotes and
		// non-ASCII text that JSON escapes or encodes in several bytes), so its records go over Kafka's 1 MiB default
		String paragraph = "<p class=\"x\">Ünïcödé \"quoted\" text &amp; <em>more</em> 🎉 of the largest draft.</p>\n";
		String pageHtml = "<!DOCTYPE html><html><body>" + paragraph.repeat(3 * 1024 * 1024 / paragraph.length())
				+ "<p>the end of the largest draft</p></body></html>";
		String excerpt = "<p>" + "e".repeat(1_048_576 - 7) + "</p>";
		PostRendered template = rendered("largest", 1, "largest", author, "The largest draft", "2024-06-02T10:00:00Z");
		PostRendered largest = new PostRendered(template.schemaVersion(), template.postId(), 1, template.slug(), author,
				template.title(), pageHtml, excerpt, "e".repeat(1_048_576), 60, template.coverImage(), template.tags(),
				template.publishedAt(), template.acceptedAt(), template.renderedAt());
		assertThat(json(largest).length).isGreaterThan(5 * 1024 * 1024);

		try (TopicProbe<PostEvent> published = publishedProbe()) {
			send(largest);

			awaitObject(postKey(largest), (html) -> html.equals(pageHtml));
			awaitObject(authorKey(author), (html) -> html.contains("The largest draft"));
			published.awaitRecord((record) -> record.key().equals(largest.postId())
					&& record.value() instanceof PostPublished);
		}
	}

	private long maxRecordSize() {
		return this.context.getEnvironment()
			.getRequiredProperty("pipeline.topics.max-record-size", DataSize.class)
			.toBytes();
	}

	private int partitions(String topic) {
		return this.kafka.partitionsFor(topic).size();
	}

	private static byte[] json(PostEvent event) {
		return JsonMapper.builder().build().writerFor(PostEvent.class).writeValueAsBytes(event);
	}

	/** A producer of raw records as large as a topic takes, uncompressed. */
	private KafkaProducer<String, byte[]> hugeRecordProducer() {
		return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
				ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * (int) maxRecordSize()), new StringSerializer(),
				new ByteArraySerializer());
	}

	@Test
	@Order(90)
	void twoInstancesKeepEveryAuthorIndexExactUnderConcurrentLoad() throws Exception {
		List<Author> authors = new ArrayList<>();
		for (int a = 0; a < 5; a++) {
			authors.add(author("load" + a, "Load Author " + a));
		}
		double firstWritesBefore = bucketWrites(this.context);
		List<String> firstAuthorsPosts;
		try (ConfigurableApplicationContext second = startInstance()) {
			// the group splits every topic's partitions between the two instances
			await().atMost(TIMEOUT)
				.until(() -> assigned(this.context, "publish-posts") && assigned(second, "publish-posts")
						&& assigned(this.context, "publish-author-index") && assigned(second, "publish-author-index"));

			Map<String, PostRendered> live = sendLoad(authors, 200);

			for (Author author : authors) {
				List<String> expected = newestFirst(live.values(), author);
				await().atMost(Duration.ofSeconds(90))
					.untilAsserted(() -> assertThat(listing(author)).isEqualTo(expected));
				assertThat(Jsoup.parse(object(authorKey(author)).orElseThrow().asUtf8String())
					.select("article h2 a")
					.eachAttr("href")).isEqualTo(expected.subList(0, 10));
			}
			List<String> site = newestFirst(live.values(), null);
			await().atMost(TIMEOUT)
				.untilAsserted(() -> assertThat(Jsoup.parse(object("index.html").orElseThrow().asUtf8String())
					.select("ul.posts li > a")
					.eachAttr("href")).isEqualTo(site.subList(0, 10)));
			// the site-wide pages are the last stage: the sitemap may still be a batch behind the home page
			await().atMost(TIMEOUT)
				.untilAsserted(() -> assertThat(sitemapUrls("/posts/load")).containsExactlyInAnyOrderElementsOf(site));
			// redelivered older versions never replaced the newer page
			for (int i = 0; i < 20; i++) {
				ResponseBytes<GetObjectResponse> page = object(postKey(live.get("load" + i + "-" + this.run)))
					.orElseThrow();
				assertThat(page.response().metadata()).containsEntry("post-version", "2");
			}
			assertThat(bucketWrites(second)).isPositive();
			assertThat(bucketWrites(this.context)).isGreaterThan(firstWritesBefore);
			firstAuthorsPosts = newestFirst(live.values(), authors.get(0));
		}

		// the second instance is gone: this one takes over its partitions and rebuilds their state from Kafka
		Author first = authors.get(0);
		PostRendered late = rendered("load-late", 1, "load-late", first, "Late", "2030-01-01T10:00:00Z");
		send(late);
		List<String> expected = new ArrayList<>();
		expected.add(SiteLayout.postPath(late.slug()));
		expected.addAll(firstAuthorsPosts);
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(listing(first)).isEqualTo(expected));
	}

	/**
	 * Sends {@code count} posts round-robin over the authors from eight threads, each post's events in order: post
	 * {@code i < 20} gets version 2 and then its version 1 again (a redelivery), {@code 20 <= i < 30} is withdrawn,
	 * {@code 30 <= i < 40} moves to the next author. Returns the live version of every post that stays live.
	 */
	private Map<String, PostRendered> sendLoad(List<Author> authors, int count) throws Exception {
		Map<String, PostRendered> live = new java.util.concurrent.ConcurrentHashMap<>();
		java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(8);
		try {
			List<java.util.concurrent.Future<?>> tasks = new ArrayList<>();
			for (int n = 0; n < count; n++) {
				int i = n;
				tasks.add(threads.submit(() -> {
					Author author = authors.get(i % authors.size());
					String date = Instant.parse("2025-01-01T00:00:00Z").plus(Duration.ofHours(36L * i)).toString();
					PostRendered v1 = rendered("load" + i, 1, "load" + i, author, "Load " + i, date);
					send(v1);
					PostRendered last = v1;
					if (i < 20) {
						last = rendered("load" + i, 2, "load" + i, author, "Load " + i + " v2", date);
						send(last);
						send(v1);
					}
					else if (i < 30) {
						send(new PostWithdrawn(v1.postId(), 2, Instant.now()));
						return null;
					}
					else if (i < 40) {
						last = rendered("load" + i, 2, "load" + i, authors.get((i + 1) % authors.size()),
								"Load " + i + " moved", date);
						send(last);
					}
					live.put(last.postId(), last);
					return null;
				}));
			}
			for (java.util.concurrent.Future<?> task : tasks) {
				task.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			threads.shutdownNow();
		}
		return live;
	}

	/** The paths of the live posts (of {@code author}, or all), newest first. */
	private static List<String> newestFirst(java.util.Collection<PostRendered> posts, @Nullable Author author) {
		return posts.stream()
			.filter((post) -> author == null || post.author().equals(author))
			.sorted(java.util.Comparator.comparing(PostRendered::publishedAt)
				.reversed()
				.thenComparing(PostRendered::postId))
			.map((post) -> SiteLayout.postPath(post.slug()))
			.toList();
	}

	/** The keys in the bucket that start with {@code prefix}. */
	List<String> keys(String prefix) {
		return this.s3.listObjectsV2Paginator((request) -> request.bucket(this.s3Properties.bucket()).prefix(prefix))
			.contents()
			.stream()
			.map(software.amazon.awssdk.services.s3.model.S3Object::key)
			.toList();
	}

	/** The keys of the posts parts that the sitemap index lists. */
	private List<String> sitemapParts() {
		org.jsoup.nodes.Document index = Jsoup.parse(object("sitemap.xml").orElseThrow().asUtf8String(), "",
				org.jsoup.parser.Parser.xmlParser());
		return index.select("sitemap > loc")
			.eachText()
			.stream()
			.map((loc) -> URI.create(loc).getPath().substring(1))
			.filter((key) -> key.startsWith(SiteLayout.SITEMAP_POSTS_PREFIX))
			.toList();
	}

	/** The post paths (starting with {@code prefix}) that the sitemap's parts list. */
	private List<String> sitemapUrls(String prefix) {
		List<String> urls = new ArrayList<>();
		org.jsoup.nodes.Document index = Jsoup.parse(object("sitemap.xml").orElseThrow().asUtf8String(), "",
				org.jsoup.parser.Parser.xmlParser());
		for (String part : index.select("sitemap > loc").eachText()) {
			String key = URI.create(part).getPath().substring(1);
			org.jsoup.nodes.Document urlset = Jsoup.parse(object(key).orElseThrow().asUtf8String(), "",
					org.jsoup.parser.Parser.xmlParser());
			urlset.select("url > loc")
				.eachText()
				.stream()
				.map((loc) -> URI.create(loc).getPath())
				.filter((path) -> path.startsWith(prefix) && path.endsWith("-" + this.run + "/"))
				.forEach(urls::add);
		}
		return urls;
	}

	private static boolean assigned(ConfigurableApplicationContext context, String listener) {
		var container = context.getBean(KafkaListenerEndpointRegistry.class).getListenerContainer(listener);
		return container != null && container.getAssignedPartitions() != null
				&& !container.getAssignedPartitions().isEmpty();
	}

	private static double bucketWrites(ConfigurableApplicationContext context) {
		return context.getBean(MeterRegistry.class).get("pipeline.publish.bucket.writes").counter().count();
	}

	@Test
	@Order(99)
	@DirtiesContext
	void aSitemapPartWrittenLessThanTheDelayAgoWaitsUntilTheSiteStageIsIdleAndIsNotAnnounced() throws Exception {
		Author ada = author("ada", "Ada Lovelace");
		PostRendered first = rendered("first", 1, "first", ada, "First", "2024-03-01T10:00:00Z");
		int parts = this.context.getBean(PublishProperties.class).sitemapParts();
		int part = SiteLayout.sitemapPartOf(first.postId(), parts);
		String second = IntStream.range(0, 10_000)
			.mapToObj((i) -> "second" + i)
			.filter((id) -> SiteLayout.sitemapPartOf(id + "-" + this.run, parts) == part)
			.findFirst()
			.orElseThrow();
		PostRendered next = rendered(second, 1, second, ada, "Second", "2024-03-02T10:00:00Z");
		List<String> arguments = new ArrayList<>(List.of(restartSettings()));
		arguments.removeIf((argument) -> argument.startsWith("--pipeline.publish.sitemap-delay="));
		arguments.add("--pipeline.publish.sitemap-delay=1h");
		this.context.stop();
		send(first);

		try (TopicProbe<PostEvent> published = publishedProbe();
				ConfigurableApplicationContext delayed = new SpringApplicationBuilder(PublishServiceApplication.class)
					.run(arguments.toArray(String[]::new))) {
			published.awaitRecord((record) -> record.key().equals(first.postId())
					&& record.value() instanceof PostPublished);
			MeterRegistry meters = delayed.getBean(MeterRegistry.class);
			double deferredBefore = meters.counter("pipeline.publish.sitemap.deferred").count();
			send(next);

			// the part was written a moment ago (the new shelf wrote every part): it waits, and the second post's
			// announcement does not list it
			PostPublished nextAnnounced = (PostPublished) published.awaitRecord((record) -> record.key()
				.equals(next.postId()) && record.value() instanceof PostPublished).value();
			assertThat(nextAnnounced.objectKeys()).contains(postKey(next), "index.html")
				.doesNotContain(sitemapPartKey(next));
			assertThat(meters.counter("pipeline.publish.sitemap.deferred").count()).isEqualTo(deferredBefore + 1);

			// no other change comes: a second later the idle site stage writes it (the hour is for bursts)
			await().atMost(TIMEOUT)
				.until(() -> object(sitemapPartKey(next)).orElseThrow()
					.asUtf8String()
					.contains("/posts/" + next.slug() + "/"));
			assertThat(meters.get("pipeline.publish.sitemap.pending").gauge().value()).isZero();
		}
	}

	@Test
	@Order(100)
	@DirtiesContext
	void catalogIsRebuiltFromKafkaAndTheSitemapTakesTheNewLayoutAfterARestart() throws Exception {
		Author ada = author("ada", "Ada Lovelace");
		send(rendered("old", 1, "old", ada, "Old", "2024-03-01T10:00:00Z"));
		send(rendered("older", 1, "older", ada, "Older", "2024-02-01T10:00:00Z"));
		send(rendered("withdrawn", 1, "withdrawn", ada, "Withdrawn", "2024-01-01T10:00:00Z"));
		send(new PostWithdrawn("withdrawn-" + this.run, 2, Instant.now()));
		awaitObject(authorKey(ada), (html) -> titlesIn(html).equals(List.of("Old", "Older")));
		// a sitemap part of the monthly layout of before, as an older release left it
		this.s3.putObject((request) -> request.bucket(this.s3Properties.bucket())
			.key(SiteLayout.SITEMAP_POSTS_PREFIX + "2024-03.xml")
			.contentType("application/xml"), RequestBody.fromString("<urlset/>"));
		assertThat(keys(SiteLayout.SITEMAP_POSTS_PREFIX)).anyMatch((key) -> key.endsWith("-of-64.xml"));
		// the new instance spreads the posts over 8 sitemap parts instead of 64
		List<String> arguments = new ArrayList<>(List.of(restartSettings()));
		arguments.add("--pipeline.publish.sitemap-parts=8");
		String[] settings = arguments.toArray(String[]::new);

		// The first instance stops for good (its consumer leaves the group; its memory is never seen again). It is
		// stopped rather than closed because the test framework still holds its context; @DirtiesContext closes it.
		this.context.stop();
		// Nothing in the bucket may help the new instance: its index must come from the catalog topic.
		this.s3.deleteObject((request) -> request.bucket(this.s3Properties.bucket()).key(authorKey(ada)));
		// The first instance wrote "old" itself, the new one did not, and version 2 waits in the partition when it
		// starts: it reads the bucket before writing, so the newer page that another owner of the partition wrote
		// in between is not overwritten.
		PostRendered old = rendered("old", 2, "old", ada, "Old, revised", "2024-03-01T10:00:00Z");
		putVersion9Page(old);
		send(old);

		try (ConfigurableApplicationContext restarted = new SpringApplicationBuilder(PublishServiceApplication.class)
			.run(settings)) {
			@SuppressWarnings("unchecked")
			KafkaTemplate<String, Object> kafka = restarted.getBean(KafkaTemplate.class);
			PostRendered fresh = rendered("new", 1, "new", ada, "New", "2024-04-01T10:00:00Z");
			kafka.send(Topics.POSTS_RENDERED, fresh.postId(), fresh).get(10, TimeUnit.SECONDS);
			// An older version of the withdrawn post, redelivered, must not bring it back either.
			PostRendered resurrected = rendered("withdrawn", 1, "withdrawn", ada, "Withdrawn",
					"2024-01-01T10:00:00Z");
			kafka.send(Topics.POSTS_RENDERED, resurrected.postId(), resurrected).get(10, TimeUnit.SECONDS);

			awaitObject(authorKey(ada), (html) -> titlesIn(html).equals(List.of("New", "Old", "Older")));
			// every part of the earlier layouts is gone, the index lists exactly the parts in the bucket, and they
			// list every live post
			await().atMost(TIMEOUT).untilAsserted(() -> {
				List<String> parts = keys(SiteLayout.SITEMAP_POSTS_PREFIX);
				assertThat(parts).isNotEmpty().allMatch((key) -> key.endsWith("-of-8.xml"));
				assertThat(sitemapParts()).containsExactlyInAnyOrderElementsOf(parts);
				assertThat(sitemapUrls("/posts/")).containsExactlyInAnyOrder(SiteLayout.postPath("old-" + this.run),
						SiteLayout.postPath("older-" + this.run), SiteLayout.postPath(fresh.slug()));
			});
			MeterRegistry meters = restarted.getBean(MeterRegistry.class);
			// the resurrected withdrawn post and "old" version 2
			await().atMost(TIMEOUT).until(() -> meters.counter("pipeline.publish.stale").count() >= 2);
			assertThat(object(postKey(resurrected))).isEmpty();
			assertThat(object(postKey(old)).orElseThrow().asUtf8String()).contains("version 9");
			assertThat(meters.counter("pipeline.publish.version.checks").count()).isPositive();
		}
	}

	/**
	 * Every post an author's index lists, in page order: the archive months linked from the author page, newest
	 * first, each listing its posts newest first.
	 */
	List<String> listing(Author author) {
		Optional<ResponseBytes<GetObjectResponse>> page = object(authorKey(author));
		if (page.isEmpty()) {
			return List.of();
		}
		List<String> posts = new ArrayList<>();
		for (String month : Jsoup.parse(page.get().asUtf8String()).select("nav.archive a").eachAttr("href")) {
			object(month.substring(1) + "index.html").ifPresent((archive) -> posts
				.addAll(Jsoup.parse(archive.asUtf8String()).select("article h2 a").eachAttr("href")));
		}
		return posts;
	}

	/** Starts another publish instance on the same broker, topics and bucket (no web server). */
	ConfigurableApplicationContext startInstance() {
		return new SpringApplicationBuilder(PublishServiceApplication.class).run(restartSettings());
	}

	/** A rendered post whose id, slug and author id are made unique to this test run. */
	PostRendered rendered(String postId, long version, String slug, Author author, String title,
			String publishedAt) {
		return CatalogEntries.rendered(postId + "-" + this.run, version, slug + "-" + this.run, author, title,
				Instant.parse(publishedAt), new CoverImage("https://img.example/" + slug + ".jpg", "Cover of " + title));
	}

	Author author(String id, String name) {
		return new Author(id + "-" + this.run, name);
	}

	/** Puts version 9 of {@code post}'s page into the bucket, as another instance would have published it. */
	void putVersion9Page(PostRendered post) {
		this.s3.putObject((request) -> request.bucket(this.s3Properties.bucket())
			.key(postKey(post))
			.contentType(HTML)
			.metadata(Map.of("post-id", post.postId(), "post-version", "9")),
				RequestBody.fromString("<html><body>version 9</body></html>"));
	}

		void send(PostEvent event) throws Exception {
		this.kafka.send(Topics.POSTS_RENDERED, event.postId(), event).get(10, TimeUnit.SECONDS);
	}

	/** Sends {@code event} as render sends the output of a full replay: with the replay id header. */
	void sendReplayed(PostEvent event, String replayId) throws Exception {
		ProducerRecord<String, Object> record = new ProducerRecord<>(Topics.POSTS_RENDERED, event.postId(), event);
		record.headers().add(ReplayHeader.NAME, ReplayHeader.encode(replayId));
		this.kafka.send(record).get(10, TimeUnit.SECONDS);
	}

	static PostRendered withPage(PostRendered post, String pageHtml) {
		return new PostRendered(post.schemaVersion(), post.postId(), post.version(), post.slug(), post.author(),
				post.title(), pageHtml, post.excerptHtml(), post.excerptText(), post.readingTimeMinutes(),
				post.coverImage(), post.tags(), post.publishedAt(), post.acceptedAt(), post.renderedAt());
	}

	static @Nullable String header(ConsumerRecord<?, ?> record, String name) {
		org.apache.kafka.common.header.Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), UTF_8) : null;
	}

	String key(String folder, String slug) {
		return folder + "/" + slug + "-" + this.run + "/index.html";
	}

	static String postKey(PostRendered post) {
		return "posts/" + post.slug() + "/index.html";
	}

	static String authorKey(Author author) {
		return "authors/" + author.id() + "/index.html";
	}

	static List<String> titlesIn(String authorIndex) {
		return Jsoup.parse(authorIndex).select("article h2 a").eachText();
	}

	Optional<ResponseBytes<GetObjectResponse>> object(String key) {
		try {
			return Optional.of(this.s3.getObjectAsBytes((request) -> request.bucket(this.s3Properties.bucket()).key(key)));
		}
		catch (NoSuchKeyException ex) {
			return Optional.empty();
		}
	}

	/** Waits until the object exists and its content matches. */
	ResponseBytes<GetObjectResponse> awaitObject(String key, Predicate<String> content) {
		return await().atMost(TIMEOUT)
			.until(() -> object(key).filter((object) -> content.test(object.asUtf8String())), Optional::isPresent)
			.orElseThrow();
	}

	String bootstrapServers() {
		return String.join(",", this.kafkaConnection.getBootstrapServers());
	}

	TopicProbe<PostEvent> publishedProbe() {
		return TopicProbe.events(bootstrapServers(), Topics.POSTS_PUBLISHED);
	}

	private KafkaProducer<String, String> rawProducer() {
		return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()),
				new StringSerializer(), new StringSerializer());
	}

	private static String renderedJsonWithUnknownField(String postId, String slug) {
		return """
				{"type":"PostRendered","schemaVersion":1,"postId":"%s","version":1,"slug":"%s",
				 "author":{"id":"json-author","name":"Jason"},"title":"From JSON",
				 "pageHtml":"<html><body>tolerated</body></html>","excerptHtml":"<p>x</p>","excerptText":"x",
				 "readingTimeMinutes":1,"coverImage":null,"tags":[],"publishedAt":"2024-03-01T10:00:00Z",
				 "acceptedAt":"2024-03-01T10:00:00Z","renderedAt":"2024-03-01T10:00:01Z",
				 "addedInALaterMinorVersion":"ignored"}
				""".formatted(postId, slug);
	}

	/**
	 * What a second instance needs to use the same broker, topics and bucket as this one, as command-line arguments
	 * (which take precedence over application.yml).
	 */
	String[] restartSettings() {
		Environment environment = this.context.getEnvironment();
		List<String> arguments = new ArrayList<>();
		for (String name : SHARED_SETTINGS) {
			String value = environment.getProperty(name);
			if (value != null) {
				arguments.add("--" + name + "=" + value);
			}
		}
		arguments.add("--spring.kafka.bootstrap-servers=" + bootstrapServers());
		arguments.add("--spring.main.web-application-type=none");
		return arguments.toArray(String[]::new);
	}

}

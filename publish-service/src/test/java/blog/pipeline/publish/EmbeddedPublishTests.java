package blog.pipeline.publish;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import blog.pipeline.events.Author;
import blog.pipeline.events.PostRendered;
import blog.pipeline.events.SiteStylesheet;
import blog.pipeline.events.Topics;
import blog.pipeline.publish.bucket.SiteLayout;
import blog.pipeline.stack.FreePorts;
import io.micrometer.core.instrument.Gauge;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The publish scenarios on the embedded KRaft broker and S3Proxy (both real servers, no Docker), plus a 30-second
 * bucket outage under load (the one long test).
 */
@ExtendWith(EmbeddedServers.class)
class EmbeddedPublishTests extends PublishScenarios {

	private static final Duration OUTAGE = Duration.ofSeconds(30);

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	@DynamicPropertySource
	static void servers(DynamicPropertyRegistry registry) {
		registry.add("spring.kafka.bootstrap-servers", EmbeddedServers::bootstrapServers);
		registry.add("pipeline.s3.endpoint", EmbeddedServers::s3Endpoint);
		registry.add("pipeline.s3.access-key", () -> EmbeddedServers.ACCESS_KEY);
		registry.add("pipeline.s3.secret-key", () -> EmbeddedServers.SECRET_KEY);
	}

	@Test
	@Order(50)
	void aThirtySecondBucketOutageUnderLoadLosesNothingAndEverythingIsPublishedAfter() throws Exception {
		Author author = author("outage", "Outage Author");
		List<PostRendered> sent = new ArrayList<>();
		double failuresBefore = failedBatches();

		EmbeddedServers.stopS3();
		try {
			long end = System.nanoTime() + OUTAGE.toNanos();
			for (int i = 0; System.nanoTime() < end; i++) {
				PostRendered post = rendered("outage" + i, 1, "outage" + i, author, "Outage " + i,
						Instant.parse("2022-01-01T10:00:00Z").plus(Duration.ofDays(i)).toString());
				send(post);
				sent.add(post);
				// events keep arriving at a steady pace while the bucket is down
				await().pollDelay(Duration.ofMillis(300)).until(() -> true);
			}
			// far more failures than the bounded retries would allow before dead-lettering
			assertThat(failedBatches()).isGreaterThanOrEqualTo(failuresBefore + 10);
			// not ready (the bucket is down), but alive; the waiting records show as lag
			HttpResponse<String> readiness = get(this.port, "health/readiness");
			assertThat(readiness.statusCode()).isEqualTo(503);
			assertThat(component(readiness.body(), "s3")).isEqualTo("DOWN");
			assertThat(component(readiness.body(), "kafka")).isEqualTo("UP");
			assertThat(get(this.port, "health/liveness").statusCode()).isEqualTo(200);
			await().atMost(Duration.ofSeconds(10)).until(() -> lag(Topics.POSTS_RENDERED) > 0);
		}
		finally {
			EmbeddedServers.startS3();
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> get(this.port, "health/readiness").statusCode() == 200);

		List<String> newestFirst = new ArrayList<>(sent.stream().map((post) -> SiteLayout.postPath(post.slug())).toList());
		Collections.reverse(newestFirst);
		await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(listing(author)).isEqualTo(newestFirst));
		for (PostRendered post : sent) {
			assertThat(object(postKey(post))).isPresent();
		}
		assertThat(sent).hasSizeGreaterThan(50);
		try (TopicProbe<String> deadLetters = TopicProbe.text(bootstrapServers(),
				Topics.deadLetterOf(Topics.POSTS_RENDERED))) {
			assertThat(deadLetters.readToEnd())
				.noneMatch((record) -> record.key().startsWith("outage") && record.key().endsWith(this.run));
		}
		await().atMost(Duration.ofSeconds(30))
			.until(() -> lag(Topics.POSTS_RENDERED) == 0 && lag(Topics.PUBLISH_AUTHOR_INDEX) == 0
					&& lag(Topics.PUBLISH_SITE_INDEX) == 0);
	}

	@Test
	@Order(60)
	void startsWhileTheBucketIsUnreachableAndUploadsItsAssetsAndBecomesReadyOnceItAnswers() throws Exception {
		String bucket = "late-" + this.run;
		ConfigurableApplicationContext late;
		EmbeddedServers.stopS3();
		try {
			late = new SpringApplicationBuilder(PublishServiceApplication.class).run(settings(
					"--pipeline.s3.bucket=" + bucket, "--spring.kafka.listener.auto-startup=false"));
			int port = port(late);
			HttpResponse<String> readiness = get(port, "health/readiness");
			assertThat(readiness.statusCode()).isEqualTo(503);
			assertThat(component(readiness.body(), "s3")).isEqualTo("DOWN");
			assertThat(get(port, "health/liveness").statusCode()).isEqualTo(200);
		}
		finally {
			EmbeddedServers.startS3();
		}
		try (ConfigurableApplicationContext started = late) {
			// the background setup creates the bucket and uploads the stylesheet and the 404 page
			await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
				assertThat(this.s3.getObjectAsBytes((request) -> request.bucket(bucket).key(SiteStylesheet.key()))
					.asUtf8String()).isEqualTo(SiteStylesheet.css());
				assertThat(this.s3.getObjectAsBytes((request) -> request.bucket(bucket).key("404.html"))
					.asUtf8String()).contains("Page not found");
			});
			int port = port(started);
			await().atMost(Duration.ofSeconds(30)).until(() -> get(port, "health/readiness").statusCode() == 200);
			assertThat(component(get(port, "health/readiness").body(), "s3")).isEqualTo("UP");
		}
	}

	@Test
	@Order(61)
	void startsWithoutABrokerAndIsAliveButNotReady() throws Exception {
		String nowhere = "127.0.0.1:" + FreePorts.next();
		String[] settings = settings("--spring.kafka.bootstrap-servers=" + nowhere,
				"--spring.kafka.listener.auto-startup=false");
		try (ConfigurableApplicationContext alone = new SpringApplicationBuilder(PublishServiceApplication.class)
			.run(settings)) {
			int port = port(alone);
			HttpResponse<String> readiness = get(port, "health/readiness");
			assertThat(readiness.statusCode()).isEqualTo(503);
			assertThat(component(readiness.body(), "kafka")).isEqualTo("DOWN");
			assertThat(component(readiness.body(), "s3")).isEqualTo("UP");
			assertThat(get(port, "health/liveness").statusCode()).isEqualTo(200);
		}
	}

	/** This instance's settings plus {@code overrides}, with a web server on a free port. */
	private String[] settings(String... overrides) {
		List<String> arguments = new ArrayList<>(List.of(restartSettings()));
		arguments.remove("--spring.main.web-application-type=none");
		arguments.add("--server.port=0");
		for (String override : overrides) {
			// a repeated argument would be joined with the first one, not replace it
			String name = override.substring(0, override.indexOf('=') + 1);
			arguments.removeIf((argument) -> argument.startsWith(name));
			arguments.add(override);
		}
		return arguments.toArray(String[]::new);
	}

	private static int port(ConfigurableApplicationContext context) {
		return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
	}

	private static HttpResponse<String> get(int port, String endpoint) throws Exception {
		return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/" + endpoint))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** The lag this instance reports for its partitions of {@code topic}. */
	private double lag(String topic) {
		return this.meters.find("pipeline.consumer.lag")
			.tag("topic", topic)
			.gauges()
			.stream()
			.mapToDouble(Gauge::value)
			.sum();
	}

	private double failedBatches() {
		return this.meters.counter("pipeline.publish.failed.batches").count();
	}

}

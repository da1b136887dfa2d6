package blog.pipeline.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sitemap parts publish-service put off ({@code PIPELINE_PUBLISH_SITEMAP_DELAY}), as its Prometheus endpoint
 * reports them: a post is announced live before a part put off is written, so "the site is complete in the bucket"
 * also waits for none to be left.
 */
final class SitemapBacklog {

	private static final Pattern PENDING = Pattern
		.compile("^pipeline_publish_sitemap_pending(?:\\{[^}]*\\})?\\s+(\\S+)", Pattern.MULTILINE);

	private SitemapBacklog() {
	}

	/** The parts waiting in a Prometheus text exposition; 0 if it has no such series (a publish without the delay). */
	static int pending(String exposition) {
		Matcher matcher = PENDING.matcher(exposition);
		return matcher.find() ? (int) Double.parseDouble(matcher.group(1)) : 0;
	}

	/** Waits until the publish-service on {@code port} has no sitemap part waiting, at most {@code limit}. */
	static void awaitWritten(HttpClient http, int port, Duration limit) throws IOException, InterruptedException {
		long deadline = System.nanoTime() + limit.toNanos();
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/prometheus"))
			.timeout(Duration.ofSeconds(10))
			.build();
		while (pending(http.send(request, HttpResponse.BodyHandlers.ofString()).body()) > 0) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("publish-service still has sitemap parts to write after " + limit);
			}
			Thread.sleep(50);
		}
	}

}

package blog.pipeline.publish.bucket;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import blog.pipeline.publish.catalog.CatalogEntries;
import blog.pipeline.stack.FreePorts;
import blog.pipeline.stack.S3ProxyServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A put of the content its owner last wrote under a key is skipped; a new owner (an empty {@link WrittenContent})
 * writes again, and a write that failed is never taken for done. Against a real S3Proxy, and an endpoint where no
 * server listens for the failure.
 */
class UnchangedWritesTests {

	private static final String BUCKET = "unchanged";

	private static Path data;

	private static S3ProxyServer server;

	private static S3Client s3;

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	@BeforeAll
	static void start() throws Exception {
		data = Files.createTempDirectory("unchanged-writes");
		server = S3ProxyServer.start(data, FreePorts.next(), "test-access", "test-secret");
		s3 = BucketConfiguration.builder(properties(server.endpoint())).build();
		s3.createBucket((request) -> request.bucket(BUCKET));
	}

	@AfterAll
	static void stop() throws Exception {
		s3.close();
		server.close();
		FileSystemUtils.deleteRecursively(data);
	}

	@Test
	void theSameContentAgainIsNotPutAndANewOwnerPutsItAgain() {
		Bucket bucket = bucket(s3);
		WrittenContent written = new WrittenContent();
		bucket.put("page.html", "<p>one</p>", ContentKind.HTML, Bucket.postMetadata("p", 1), written);
		// removed behind the owner's back: the owner trusts what it wrote, a new owner does not
		s3.deleteObject((request) -> request.bucket(BUCKET).key("page.html"));

		bucket.put("page.html", "<p>one</p>", ContentKind.HTML, Bucket.postMetadata("p", 2), written);

		assertThat(unchanged()).isEqualTo(1);
		assertThatExceptionOfType(NoSuchKeyException.class)
			.isThrownBy(() -> s3.getObjectAsBytes((request) -> request.bucket(BUCKET).key("page.html")));

		bucket.put("page.html", "<p>one</p>", ContentKind.HTML, Bucket.postMetadata("p", 2), new WrittenContent());

		assertThat(content("page.html")).isEqualTo("<p>one</p>");
		assertThat(unchanged()).isEqualTo(1);
	}

	@Test
	void changedContentIsPutAndADeleteIsForgotten() {
		Bucket bucket = bucket(s3);
		WrittenContent written = new WrittenContent();
		bucket.put("feed.xml", "<feed>1</feed>", ContentKind.ATOM, Bucket.postMetadata("p", 1), written);
		bucket.put("feed.xml", "<feed>2</feed>", ContentKind.ATOM, Bucket.postMetadata("p", 2), written);
		assertThat(content("feed.xml")).isEqualTo("<feed>2</feed>");

		bucket.delete("feed.xml", written);
		bucket.put("feed.xml", "<feed>2</feed>", ContentKind.ATOM, Bucket.postMetadata("p", 3), written);

		assertThat(content("feed.xml")).isEqualTo("<feed>2</feed>");
		assertThat(unchanged()).isZero();
	}

	@Test
	void aFailedPutIsNotTakenForDone() throws Exception {
		WrittenContent written = new WrittenContent();
		bucket(s3).put("home.html", "<p>a</p>", ContentKind.HTML, Bucket.postMetadata("p", 1), written);
		try (S3Client nowhere = BucketConfiguration.builder(properties(URI.create("http://localhost:" + FreePorts.next())))
			.build()) {
			// the outcome of this write is unknown to its caller: it may or may not have reached a server
			assertThatExceptionOfType(BucketWriteException.class).isThrownBy(() -> bucket(nowhere).put("home.html",
					"<p>b</p>", ContentKind.HTML, Bucket.postMetadata("p", 2), written));
		}
		s3.putObject((request) -> request.bucket(BUCKET).key("home.html"),
				RequestBody.fromString("<p>b</p>"));

		bucket(s3).put("home.html", "<p>a</p>", ContentKind.HTML, Bucket.postMetadata("p", 3), written);

		assertThat(content("home.html")).isEqualTo("<p>a</p>");
		assertThat(unchanged()).isZero();
	}

	private Bucket bucket(S3Client client) {
		return new Bucket(client, properties(server.endpoint()), CatalogEntries.properties(), this.meters);
	}

	private double unchanged() {
		return this.meters.counter("pipeline.publish.bucket.unchanged").count();
	}

	private static String content(String key) {
		return s3.getObjectAsBytes((request) -> request.bucket(BUCKET).key(key)).asUtf8String();
	}

	private static S3Properties properties(URI endpoint) {
		return new S3Properties(endpoint, BUCKET, "us-east-1", "test-access", "test-secret", false, 2);
	}

}

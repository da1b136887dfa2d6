package blog.pipeline.publish.bucket;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import blog.pipeline.stack.FreePorts;
import blog.pipeline.stack.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.S3Client;

import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a put sends on the wire to an HTTP endpoint (a real S3Proxy): the body as it is, with its SHA-256 signed, not
 * {@code aws-chunked} with the SDK's extra checksum; over HTTPS the checksum stays.
 */
class PutIntegrityTests {

	private static final List<SdkHttpRequest> SENT = new CopyOnWriteArrayList<>();

	private static Path data;

	private static S3ProxyServer server;

	private static S3Client s3;

	@BeforeAll
	static void start() throws Exception {
		data = Files.createTempDirectory("put-integrity");
		server = S3ProxyServer.start(data, FreePorts.next(), "test-access", "test-secret");
		S3Properties properties = new S3Properties(server.endpoint(), "integrity", "us-east-1", "test-access",
				"test-secret", true, 8);
		s3 = BucketConfiguration.builder(properties)
			.overrideConfiguration((config) -> config.addExecutionInterceptor(new ExecutionInterceptor() {

				@Override
				public void beforeTransmission(Context.BeforeTransmission context,
						ExecutionAttributes executionAttributes) {
					SENT.add(context.httpRequest());
				}

			}))
			.build();
		s3.createBucket((request) -> request.bucket("integrity"));
	}

	@AfterAll
	static void stop() throws Exception {
		s3.close();
		server.close();
		FileSystemUtils.deleteRecursively(data);
	}

	@Test
	void aPutOverHttpSendsThePlainBodyWithItsSignedSha256() throws Exception {
		byte[] body = "<p>héllo</p>".repeat(2000).getBytes(StandardCharsets.UTF_8);
		SENT.clear();
		s3.putObject((request) -> request.bucket("integrity").key("page.html"), RequestBody.fromBytes(body));

		SdkHttpRequest put = SENT.get(SENT.size() - 1);
		Map<String, List<String>> headers = put.headers();
		assertThat(put.method().name()).isEqualTo("PUT");
		assertThat(headers.get("x-amz-content-sha256"))
			.containsExactly(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)));
		assertThat(headers.get("Authorization").get(0)).contains("x-amz-content-sha256");
		assertThat(headers).doesNotContainKeys("x-amz-decoded-content-length", "x-amz-trailer",
				"x-amz-sdk-checksum-algorithm");
		assertThat(headers.getOrDefault("Content-Encoding", List.of())).doesNotContain("aws-chunked");
		assertThat(s3.getObjectAsBytes((request) -> request.bucket("integrity").key("page.html")).asByteArray())
			.isEqualTo(body);
	}

	@Test
	void anHttpsEndpointKeepsTheSdksChecksum() {
		assertThat(BucketConfiguration.checksums(URI.create("https://s3.example.org")))
			.isEqualTo(RequestChecksumCalculation.WHEN_SUPPORTED);
		assertThat(BucketConfiguration.checksums(URI.create("http://localhost:9000")))
			.isEqualTo(RequestChecksumCalculation.WHEN_REQUIRED);
	}

}

package blog.pipeline.publish.bucket;

import java.net.URI;

import blog.pipeline.support.Secrets;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;

/** The S3 client, configured from {@link S3Properties}. */
@Configuration(proxyBeanMethods = false)
class BucketConfiguration {

	@Bean
	S3Client s3Client(S3Properties properties, Environment environment) {
		// The only credentials that can change the site: never the repository's defaults outside the local run.
		Secrets.requireNotWellKnown(environment, "pipeline.s3.access-key (S3_ACCESS_KEY)", properties.accessKey());
		Secrets.requireStrong(environment, "pipeline.s3.secret-key (S3_SECRET_KEY)", properties.secretKey());
		return builder(properties).build();
	}

	static S3ClientBuilder builder(S3Properties properties) {
		return S3Client.builder()
			.endpointOverride(properties.endpoint())
			.region(Region.of(properties.region()))
			.forcePathStyle(true)
			.requestChecksumCalculation(checksums(properties.endpoint()))
			.serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
			.credentialsProvider(StaticCredentialsProvider
				.create(AwsBasicCredentials.create(properties.accessKey(), properties.secretKey())));
	}

	/**
	 * Whether a put carries the SDK's own checksum of the body. Over plain HTTP, Signature V4 signs the SHA-256 of
	 * every body (in one piece: the bodies are in memory, so chunked signing is off) and the server checks it, so a
	 * body damaged on the way is refused; the SDK's additional checksum (sent by default since 2.30) would send each
	 * body {@code aws-chunked} with a trailer, which costs this service and the S3 server CPU on every put for no more
	 * integrity. Over HTTPS the body is not signed, so the checksum stays.
	 */
	static RequestChecksumCalculation checksums(URI endpoint) {
		return "https".equalsIgnoreCase(endpoint.getScheme()) ? RequestChecksumCalculation.WHEN_SUPPORTED
				: RequestChecksumCalculation.WHEN_REQUIRED;
	}

}

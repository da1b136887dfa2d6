package blog.pipeline.publish.bucket;

import blog.pipeline.publish.OperationsProperties;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The {@code s3} health contributor (part of readiness): up when the bucket answers a {@code headBucket} within the
 * probe timeout and holds the site's assets; down while it is unreachable, missing or not prepared yet.
 */
@Component("s3HealthIndicator")
class BucketHealthIndicator implements HealthIndicator {

	private final S3Client s3;

	private final S3Properties properties;

	private final OperationsProperties operations;

	private final SiteAssets assets;

	BucketHealthIndicator(S3Client s3, S3Properties properties, OperationsProperties operations, SiteAssets assets) {
		this.s3 = s3;
		this.properties = properties;
		this.operations = operations;
		this.assets = assets;
	}

	@Override
	public Health health() {
		Health.Builder health = Health.unknown()
			.withDetail("bucket", this.properties.bucket())
			.withDetail("endpoint", this.properties.endpoint().toString());
		try {
			this.s3.headBucket((request) -> request.bucket(this.properties.bucket())
				.overrideConfiguration((call) -> call.apiCallTimeout(this.operations.probeTimeout())));
		}
		catch (SdkException ex) {
			return health.down(ex).build();
		}
		boolean assets = this.assets.isDone();
		return (assets ? health.up() : health.down()).withDetail("assets", assets ? "uploaded" : "pending").build();
	}

}

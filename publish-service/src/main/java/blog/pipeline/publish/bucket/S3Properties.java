package blog.pipeline.publish.bucket;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the site's bucket is. Path-style access is always used, so any S3-compatible server works (S3Proxy, MinIO).
 *
 * @param endpoint the S3 endpoint
 * @param bucket the bucket the CDN serves
 * @param createBucket whether to create the bucket at startup if it is missing
 * @param writeConcurrency how many bucket requests this instance has in flight at most (see {@link ParallelWrites})
 */
@ConfigurationProperties("pipeline.s3")
public record S3Properties(@DefaultValue("http://localhost:9000") URI endpoint, @DefaultValue("blog") String bucket,
		@DefaultValue("us-east-1") String region, @DefaultValue("local-access") String accessKey,
		@DefaultValue("local-secret") String secretKey, @DefaultValue("true") boolean createBucket,
		@DefaultValue("8") int writeConcurrency) {

}

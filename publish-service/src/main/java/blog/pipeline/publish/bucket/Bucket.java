package blog.pipeline.publish.bucket;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import blog.pipeline.publish.PublishProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import org.springframework.stereotype.Component;

/**
 * Writes the site's HTML objects. Every write is a whole-object put or a delete, so repeating one (after a retry or a
 * redelivery) is harmless.
 */
@Component
public class Bucket {

	/** User metadata key ({@code x-amz-meta-post-version}) carrying the version of a post page. */
	public static final String POST_VERSION_METADATA = "post-version";

	static final String HTML_CONTENT_TYPE = "text/html; charset=utf-8";

	private static final Logger log = LoggerFactory.getLogger(Bucket.class);

	private final S3Client s3;

	private final String bucket;

	private final String cacheControl;

	Bucket(S3Client s3, S3Properties s3Properties, PublishProperties publishProperties) {
		this.s3 = s3;
		this.bucket = s3Properties.bucket();
		this.cacheControl = publishProperties.htmlCacheControl();
	}

	/** Puts a page that is not a post (an index). */
	public void putHtml(String key, String html) {
		put(key, html, Map.of());
	}

	/** Puts a post page, recording its version in the object's metadata. */
	public void putPostPage(String key, String html, long postVersion) {
		put(key, html, Map.of(POST_VERSION_METADATA, Long.toString(postVersion)));
	}

	public void delete(String key) {
		try {
			this.s3.deleteObject((request) -> request.bucket(this.bucket).key(key));
			log.debug("Deleted {}", key);
		}
		catch (SdkException ex) {
			throw new BucketWriteException("Could not delete " + key + " from bucket " + this.bucket, ex);
		}
	}

	private void put(String key, String html, Map<String, String> metadata) {
		try {
			this.s3.putObject((request) -> request.bucket(this.bucket)
				.key(key)
				.contentType(HTML_CONTENT_TYPE)
				.cacheControl(this.cacheControl)
				.metadata(metadata), RequestBody.fromString(html, StandardCharsets.UTF_8));
			log.debug("Wrote {}", key);
		}
		catch (SdkException ex) {
			throw new BucketWriteException("Could not write " + key + " to bucket " + this.bucket, ex);
		}
	}

}

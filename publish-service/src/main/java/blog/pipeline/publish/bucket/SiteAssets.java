package blog.pipeline.publish.bucket;

import java.util.Map;

import blog.pipeline.events.SiteStylesheet;
import blog.pipeline.publish.OperationsProperties;
import blog.pipeline.publish.PublishProperties;
import blog.pipeline.publish.SetupStep;
import blog.pipeline.publish.pages.Templates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

import org.springframework.stereotype.Component;

/**
 * Prepares the bucket: creates it if it is missing (when enabled) and uploads what every page needs, the
 * content-hashed stylesheet (cached forever, a change is a new key) and the {@code 404.html} page the CDN answers
 * unknown and withdrawn paths with. Tried once at startup, before the listeners start; if the bucket is unreachable
 * the application starts anyway and the setup is retried in the background until it succeeds (the bucket's health,
 * and so readiness, stays down until then; page writes meanwhile fail and are retried by the listeners).
 */
@Component
class SiteAssets extends SetupStep {

	private static final Logger log = LoggerFactory.getLogger(SiteAssets.class);

	private final S3Client s3;

	private final Bucket bucket;

	private final S3Properties s3Properties;

	private final PublishProperties properties;

	SiteAssets(S3Client s3, Bucket bucket, S3Properties s3Properties, PublishProperties properties,
			OperationsProperties operations) {
		super("Preparing bucket " + s3Properties.bucket(), operations);
		this.s3 = s3;
		this.bucket = bucket;
		this.s3Properties = s3Properties;
		this.properties = properties;
	}

	/** Creates the bucket if asked to and it is missing, then uploads the stylesheet and {@code 404.html}. */
	@Override
	protected void perform() {
		if (this.s3Properties.createBucket()) {
			createIfMissing(this.s3Properties.bucket());
		}
		this.bucket.put(SiteStylesheet.key(), SiteStylesheet.css(), ContentKind.CSS, Map.of());
		this.bucket.put(SiteLayout.NOT_FOUND_KEY, Templates.compile("not-found")
			.execute(Map.of("siteTitle", this.properties.siteTitle(), "stylesheet", SiteStylesheet.url())),
				ContentKind.HTML, Map.of());
		log.info("Uploaded {} and {}", SiteStylesheet.key(), SiteLayout.NOT_FOUND_KEY);
	}

	private void createIfMissing(String name) {
		try {
			this.s3.headBucket((request) -> request.bucket(name));
		}
		catch (NoSuchBucketException ex) {
			try {
				this.s3.createBucket((request) -> request.bucket(name));
				log.info("Created bucket {} at {}", name, this.s3Properties.endpoint());
			}
			catch (BucketAlreadyOwnedByYouException raced) {
				log.debug("Bucket {} was created concurrently", name);
			}
		}
	}

}

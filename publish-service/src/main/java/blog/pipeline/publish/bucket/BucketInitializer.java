package blog.pipeline.publish.bucket;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.stereotype.Component;

/** Creates the bucket if it is missing (when enabled), before the listener starts writing to it. */
@Component
class BucketInitializer implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(BucketInitializer.class);

	private final S3Client s3;

	private final S3Properties properties;

	private volatile boolean running;

	BucketInitializer(S3Client s3, S3Properties properties) {
		this.s3 = s3;
		this.properties = properties;
	}

	@Override
	public void start() {
		if (this.properties.createBucket()) {
			createIfMissing(this.properties.bucket());
		}
		this.running = true;
	}

	private void createIfMissing(String bucket) {
		try {
			this.s3.headBucket((request) -> request.bucket(bucket));
		}
		catch (NoSuchBucketException ex) {
			try {
				this.s3.createBucket((request) -> request.bucket(bucket));
				log.info("Created bucket {} at {}", bucket, this.properties.endpoint());
			}
			catch (BucketAlreadyOwnedByYouException raced) {
				log.debug("Bucket {} was created concurrently", bucket);
			}
		}
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		// before the listener containers
		return AbstractMessageListenerContainer.DEFAULT_PHASE - 100;
	}

}

package blog.pipeline.publish.bucket;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import blog.pipeline.publish.PublishProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

import org.springframework.stereotype.Component;

/**
 * Writes the site's objects. Every write is a whole-object put or a delete, so repeating one (after a retry or a
 * redelivery) is harmless. Each object gets the content type and {@code Cache-Control} of its {@link ContentKind}.
 */
@Component
public class Bucket {

	/** User metadata key ({@code x-amz-meta-post-version}): the version of the post a page shows or last changed. */
	public static final String POST_VERSION_METADATA = "post-version";

	/** User metadata key ({@code x-amz-meta-post-id}): the post a page belongs to or was last changed for. */
	public static final String POST_ID_METADATA = "post-id";

	/**
	 * User metadata key ({@code x-amz-meta-redirect-location}) of a redirect, for servers and edges without S3
	 * website redirects.
	 */
	public static final String REDIRECT_METADATA = "redirect-location";

	private static final Logger log = LoggerFactory.getLogger(Bucket.class);

	private final S3Client s3;

	private final String bucket;

	private final Map<ContentKind, String> cacheControl;

	private final Counter writes;

	private final Counter bytes;

	private final Map<ContentKind, Timer> putTime = new EnumMap<>(ContentKind.class);

	private final Counter unchanged;

	/** Cleared once the server answers 501 to {@code x-amz-website-redirect-location} (S3Proxy does). */
	private volatile boolean websiteRedirects = true;

	public Bucket(S3Client s3, S3Properties s3Properties, PublishProperties publishProperties, MeterRegistry meters) {
		this.s3 = s3;
		this.bucket = s3Properties.bucket();
		this.cacheControl = Map.of(ContentKind.HTML, publishProperties.htmlCacheControl(), ContentKind.ATOM,
				publishProperties.feedCacheControl(), ContentKind.XML, publishProperties.sitemapCacheControl(),
				ContentKind.CSS, publishProperties.assetCacheControl());
		this.writes = Counter.builder("pipeline.publish.bucket.writes")
			.description("Objects put or deleted in the bucket")
			.register(meters);
		this.bytes = Counter.builder("pipeline.publish.bucket.bytes")
			.baseUnit("bytes")
			.description("Bytes put into the bucket")
			.register(meters);
		for (ContentKind kind : ContentKind.values()) {
			this.putTime.put(kind, Timer.builder("pipeline.s3.put.time")
				.tag("kind", kind.name().toLowerCase(Locale.ROOT))
				.description("Time of one successful object put, retries inside the S3 client included, by the "
						+ "kind of object (a sitemap part is far bigger than a page)")
				.register(meters));
		}
		this.unchanged = Counter.builder("pipeline.publish.bucket.unchanged")
			.description("Object puts skipped because their owner last wrote the same content under that key")
			.register(meters);
	}

	/** Metadata that ties an object to a post version. */
	public static Map<String, String> postMetadata(String postId, long version) {
		return Map.of(POST_ID_METADATA, postId, POST_VERSION_METADATA, Long.toString(version));
	}

	/** Puts an object of the given kind. */
	public void put(String key, String body, ContentKind kind, Map<String, String> metadata) {
		write(key, body, kind, metadata, null);
	}

	/**
	 * Puts an object of the given kind unless {@code written} says its owner last wrote the same content under
	 * {@code key} (the object then keeps the metadata of that write). The object must have one owner (see
	 * {@link WrittenContent}).
	 */
	public void put(String key, String body, ContentKind kind, Map<String, String> metadata, WrittenContent written) {
		if (written.matches(key, body)) {
			this.unchanged.increment();
			log.debug("Kept {}: its content did not change", key);
			return;
		}
		written.forget(key);
		put(key, body, kind, metadata);
		written.remember(key, body);
	}

	/** Deletes an object that has one owner (see {@link WrittenContent}). */
	public void delete(String key, WrittenContent written) {
		written.forget(key);
		delete(key);
	}

	/**
	 * Puts a redirect: a small HTML page with the S3 website redirect ({@code x-amz-website-redirect-location}) to
	 * {@code location}.
	 */
	public void putRedirect(String key, String html, String location, Map<String, String> metadata) {
		Map<String, String> withLocation = new HashMap<>(metadata);
		withLocation.put(REDIRECT_METADATA, location);
		if (this.websiteRedirects) {
			try {
				write(key, html, ContentKind.HTML, withLocation, location);
				return;
			}
			catch (BucketWriteException ex) {
				if (!(ex.getCause() instanceof S3Exception s3 && s3.statusCode() == 501)) {
					throw ex;
				}
				this.websiteRedirects = false;
				log.warn("Bucket {} does not implement website redirects; redirects are pages with a meta refresh "
						+ "and the {} metadata only", this.bucket, REDIRECT_METADATA);
			}
		}
		write(key, html, ContentKind.HTML, withLocation, null);
	}

	/** The user metadata of the object at {@code key}, or empty if there is none. */
	public Optional<Map<String, String>> metadata(String key) {
		try {
			HeadObjectResponse head = this.s3.headObject((request) -> request.bucket(this.bucket).key(key));
			Map<String, String> metadata = new HashMap<>();
			head.metadata().forEach((name, value) -> metadata.put(name.toLowerCase(Locale.ROOT), value));
			return Optional.of(metadata);
		}
		catch (NoSuchKeyException ex) {
			return Optional.empty();
		}
		catch (S3Exception ex) {
			if (ex.statusCode() == 404) {
				return Optional.empty();
			}
			throw new BucketWriteException("Could not read the metadata of " + key + " in bucket " + this.bucket, ex);
		}
		catch (SdkException ex) {
			throw new BucketWriteException("Could not read the metadata of " + key + " in bucket " + this.bucket, ex);
		}
	}

	/** The keys of the objects whose key starts with {@code prefix}, in key order. */
	public List<String> keys(String prefix) {
		try {
			List<String> keys = new ArrayList<>();
			this.s3.listObjectsV2Paginator((request) -> request.bucket(this.bucket).prefix(prefix))
				.contents()
				.forEach((object) -> keys.add(object.key()));
			return keys;
		}
		catch (SdkException ex) {
			throw new BucketWriteException("Could not list the keys under " + prefix + " in bucket " + this.bucket, ex);
		}
	}

	public void delete(String key) {
		try {
			this.s3.deleteObject((request) -> request.bucket(this.bucket).key(key));
			this.writes.increment();
			log.debug("Deleted {}", key);
		}
		catch (SdkException ex) {
			throw new BucketWriteException("Could not delete " + key + " from bucket " + this.bucket, ex);
		}
	}

	private void write(String key, String body, ContentKind kind, Map<String, String> metadata,
			@Nullable String redirect) {
		byte[] content = body.getBytes(StandardCharsets.UTF_8);
		try {
			PutObjectRequest.Builder request = PutObjectRequest.builder()
				.bucket(this.bucket)
				.key(key)
				.contentType(kind.contentType())
				.cacheControl(this.cacheControl.get(kind))
				.metadata(metadata);
			if (redirect != null) {
				request.websiteRedirectLocation(redirect);
			}
			long start = System.nanoTime();
			this.s3.putObject(request.build(), RequestBody.fromBytes(content));
			this.putTime.get(kind).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
			this.writes.increment();
			this.bytes.increment(content.length);
			log.debug("Wrote {}", key);
		}
		catch (SdkException ex) {
			throw new BucketWriteException("Could not write " + key + " to bucket " + this.bucket, ex);
		}
	}

}

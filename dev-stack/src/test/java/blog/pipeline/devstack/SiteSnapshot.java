package blog.pipeline.devstack;

import java.util.Map;
import java.util.TreeMap;

import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Every object of the site's bucket at one moment: its body and metadata, by key. */
record SiteSnapshot(Map<String, SiteSnapshot.Item> objects) {

	/** One object: its text and its user metadata (e.g. the post id and version of a post page). */
	record Item(String body, Map<String, String> metadata) {

	}

	static SiteSnapshot of(S3Client s3, String bucket) {
		Map<String, Item> objects = new TreeMap<>();
		for (S3Object object : s3.listObjectsV2Paginator((request) -> request.bucket(bucket)).contents()) {
			ResponseBytes<GetObjectResponse> bytes = s3
				.getObjectAsBytes((request) -> request.bucket(bucket).key(object.key()));
			objects.put(object.key(), new Item(bytes.asUtf8String(), Map.copyOf(bytes.response().metadata())));
		}
		return new SiteSnapshot(objects);
	}

}

package blog.pipeline.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Every record on the pipeline's topics. The concrete type travels in the JSON payload as {@code "type"} (a stable
 * name, never a Java class name), so services map types explicitly and stay free to move classes.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({ @JsonSubTypes.Type(value = PostSubmitted.class, name = "PostSubmitted"),
		@JsonSubTypes.Type(value = PostWithdrawn.class, name = "PostWithdrawn"),
		@JsonSubTypes.Type(value = PostRendered.class, name = "PostRendered"),
		@JsonSubTypes.Type(value = PostPublished.class, name = "PostPublished"),
		@JsonSubTypes.Type(value = PostUnpublished.class, name = "PostUnpublished") })
public sealed interface PostEvent permits PostSubmitted, PostWithdrawn, PostRendered, PostPublished, PostUnpublished {

	/** The version of this contract that the producer wrote; see {@link SchemaVersion}. */
	int schemaVersion();

	/** The post the event is about; also the record key. */
	String postId();

	/** The post's version, monotonic per post. */
	long version();

}

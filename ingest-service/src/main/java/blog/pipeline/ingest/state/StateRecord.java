package blog.pipeline.ingest.state;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A value on the state topic. Ingest-internal: no other service reads it, so it is not part of the event contract.
 * The type travels in the payload as {@code "type"}, like the contract's events.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({ @JsonSubTypes.Type(value = PostState.class, name = "PostState"),
		@JsonSubTypes.Type(value = SlugOwner.class, name = "SlugOwner"),
		@JsonSubTypes.Type(value = IdempotentAnswer.class, name = "IdempotentAnswer") })
public sealed interface StateRecord permits PostState, SlugOwner, IdempotentAnswer {

}

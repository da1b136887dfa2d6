package blog.pipeline.ingest.state;

import java.util.Optional;

/** What a change is decided on: the latest post versions, slug owners and idempotency answers. */
public interface StateView {

	Optional<PostState> post(String postId);

	Optional<String> slugOwner(String slug);

	Optional<IdempotentAnswer> idempotentAnswer(String idempotencyKey);

}

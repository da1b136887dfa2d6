package blog.pipeline.ingest.ops;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import blog.pipeline.ingest.progress.PipelineProgress;
import blog.pipeline.ingest.state.PostState;
import blog.pipeline.ingest.state.PostStateStore;
import blog.pipeline.ingest.status.PostStatus;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/** The latest accepted posts, with the stage their latest version reached. */
@Component
class RecentPosts {

	private final PostStateStore store;

	private final PipelineProgress progress;

	RecentPosts(PostStateStore store, PipelineProgress progress) {
		this.store = store;
		this.progress = progress;
	}

	List<Item> latest(int count) {
		return this.store.posts()
			.sorted(Comparator.comparing(PostState::acceptedAt).reversed().thenComparing(PostState::postId))
			.limit(count)
			.map((post) -> {
				PostStatus status = PostStatus.of(post, this.progress.of(post.postId()));
				return new Item(post.postId(), post.version(), post.draft().slug(), post.draft().title(),
						status.state(), post.acceptedAt(), status.publishedAt());
			})
			.toList();
	}

	/** One post: what it is and how far its latest version got. */
	record Item(String postId, long version, String slug, String title, String stage, Instant acceptedAt,
			@Nullable Instant publishedAt) {

	}

}

package blog.pipeline.ingest.status;

import java.util.Comparator;
import java.util.List;

import blog.pipeline.ingest.progress.PipelineProgress;
import blog.pipeline.ingest.security.ApiPrincipal;
import blog.pipeline.ingest.security.AuthorNotAllowedException;
import blog.pipeline.ingest.slug.SlugShaped;
import blog.pipeline.ingest.state.PostState;
import blog.pipeline.ingest.state.PostStateStore;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Editors see where a post is in the pipeline, and an author's posts with their state. */
@RestController
@RequestMapping("/api/posts")
class StatusController {

	private static final Comparator<PostState> NEWEST_FIRST = Comparator.comparing(PostState::createdAt)
		.reversed()
		.thenComparing(PostState::postId);

	private final PostStateStore store;

	private final PipelineProgress progress;

	StatusController(PostStateStore store, PipelineProgress progress) {
		this.store = store;
		this.progress = progress;
	}

	/** Where the post's latest version is: accepted, rendered, published (with its URL), withdrawn or failed. */
	@GetMapping("/{postId}/status")
	PostStatus status(@AuthenticationPrincipal ApiPrincipal editor, @PathVariable String postId) {
		PostState post = this.store.post(postId).orElseThrow(() -> notFound(postId));
		AuthorNotAllowedException.check(editor, post.draft().author().id(), null);
		return PostStatus.of(post, this.progress.of(postId));
	}

	/** The author's posts, newest first, with their state; paginated. */
	@GetMapping(params = "author")
	AuthorPosts byAuthor(@AuthenticationPrincipal ApiPrincipal editor,
			@RequestParam @SlugShaped(message = "must be an author id: lowercase letters a-z and digits in "
					+ "dash-joined groups") String author,
			@RequestParam(defaultValue = "0") @Min(value = 0, message = "must be 0 or more") int page,
			@RequestParam(defaultValue = "20") @Min(value = 1, message = "must be between 1 and 100") @Max(value = 100,
					message = "must be between 1 and 100") int size) {
		AuthorNotAllowedException.check(editor, author, null);
		List<PostState> posts = this.store.posts()
			.filter((post) -> post.draft().author().id().equals(author))
			.sorted(NEWEST_FIRST)
			.toList();
		List<AuthorPosts.Item> items = posts.stream()
			.skip((long) page * size)
			.limit(size)
			.map((post) -> new AuthorPosts.Item(post.postId(), post.version(), post.draft().slug(),
					post.draft().title(), PostStatus.of(post, this.progress.of(post.postId())).state(),
					post.createdAt(), post.acceptedAt()))
			.toList();
		return new AuthorPosts(author, page, size, posts.size(), items);
	}

	private static ErrorResponseException notFound(String postId) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
				"No post has the id '" + postId + "'.");
		problem.setTitle("Post not found");
		return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
	}

}

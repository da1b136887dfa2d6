package blog.pipeline.ingest.status;

import java.time.Instant;
import java.util.List;

/**
 * One page of an author's posts, newest first.
 *
 * @param page the page number, from 0
 * @param size the page size asked for
 * @param total how many posts the author has, across all pages
 */
record AuthorPosts(String author, int page, int size, long total, List<Item> items) {

	/** One post of the author and its state. */
	record Item(String postId, long version, String slug, String title, String state, Instant createdAt,
			Instant acceptedAt) {

	}

}

package blog.pipeline.publish.authorindex;

import java.time.Instant;
import java.util.List;

import blog.pipeline.publish.catalog.CatalogEntry;
import org.jspecify.annotations.Nullable;

/**
 * What one post version changes in one author's index: the record of the compacted
 * {@link blog.pipeline.events.Topics#PUBLISH_AUTHOR_INDEX} topic, keyed {@code authorId/postId} and written to the
 * partition of the author id. The topic is both the index writer's input and its state.
 *
 * @param authorId the author whose index changes
 * @param entry the post's state in this version (its content, or withdrawn)
 * @param listed whether the author's index lists the post from this version on ({@code false}: the post was withdrawn
 * or moved to another author)
 * @param primary whether this record carries the change on to the site-wide pages and the announcement (a post
 * version makes one primary record, plus a removal from the previous author when the author changed)
 * @param previousPublishedAt the post's date before this version, if it was listed, so its old archive page is
 * rewritten even if compaction dropped the earlier record
 * @param objectKeys the keys written for this change so far (the post page, redirects, the previous author's pages)
 * @param changedPaths their public paths
 * @param replayId the full replay that re-published this version, if any, so its announcement carries the id on
 */
public record AuthorIndexChange(String authorId, CatalogEntry entry, boolean listed, boolean primary,
		@Nullable Instant previousPublishedAt, List<String> objectKeys, List<String> changedPaths,
		@Nullable String replayId) {

	public AuthorIndexChange {
		objectKeys = List.copyOf(objectKeys);
		changedPaths = List.copyOf(changedPaths);
	}

	/** A change of a live (not replayed) post version. */
	public AuthorIndexChange(String authorId, CatalogEntry entry, boolean listed, boolean primary,
			@Nullable Instant previousPublishedAt, List<String> objectKeys, List<String> changedPaths) {
		this(authorId, entry, listed, primary, previousPublishedAt, objectKeys, changedPaths, null);
	}

	/** The record key: one record per author and post survives compaction. */
	public static String key(String authorId, String postId) {
		return authorId + "/" + postId;
	}

}

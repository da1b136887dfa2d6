package blog.pipeline.publish.site;

import java.util.List;

import blog.pipeline.publish.catalog.CatalogEntry;
import org.jspecify.annotations.Nullable;

/**
 * One post version on its way to the site-wide pages: the record of the compacted, single-partition
 * {@link blog.pipeline.events.Topics#PUBLISH_SITE_INDEX} topic, keyed by post id; the topic is both the site writer's
 * input and its state.
 *
 * @param entry the post's state in this version (live, or withdrawn)
 * @param objectKeys the keys written for this change before the site-wide pages (post page, author pages)
 * @param changedPaths their public paths
 * @param replayId the full replay that re-published this version, if any; its announcement carries the id on
 */
public record SiteChange(CatalogEntry entry, List<String> objectKeys, List<String> changedPaths,
		@Nullable String replayId) {

	public SiteChange {
		objectKeys = List.copyOf(objectKeys);
		changedPaths = List.copyOf(changedPaths);
	}

	/** A change of a live (not replayed) post version. */
	public SiteChange(CatalogEntry entry, List<String> objectKeys, List<String> changedPaths) {
		this(entry, objectKeys, changedPaths, null);
	}

}

/**
 * Scheduled publishing: drafts whose {@code publishAt} lies ahead are stored now and sent on when due.
 */
@NullMarked
package blog.pipeline.ingest.schedule;

import org.jspecify.annotations.NullMarked;

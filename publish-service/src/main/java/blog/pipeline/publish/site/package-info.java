/**
 * The site-wide pages (home, site feed, sitemap) with their single writer, and the announcements of each change.
 */
@NullMarked
package blog.pipeline.publish.site;

import org.jspecify.annotations.NullMarked;

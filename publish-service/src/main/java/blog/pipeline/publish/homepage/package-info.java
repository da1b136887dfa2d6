/**
 * The site's home page: every author with a published post and the newest posts.
 */
@NullMarked
package blog.pipeline.publish.homepage;

import org.jspecify.annotations.NullMarked;

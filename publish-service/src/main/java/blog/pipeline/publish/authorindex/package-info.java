/**
 * The "All Posts By" page of each author.
 */
@NullMarked
package blog.pipeline.publish.authorindex;

import org.jspecify.annotations.NullMarked;

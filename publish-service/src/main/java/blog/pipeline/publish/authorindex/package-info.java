/**
 * Stage two of publishing: the "All Posts By" pages of each author (newest posts, stable monthly archives, feed),
 * written by the one consumer that owns the author's partition of the author index topic.
 */
@NullMarked
package blog.pipeline.publish.authorindex;

import org.jspecify.annotations.NullMarked;

/**
 * publish-service: turns rendered posts into objects in the bucket (post pages, author indexes, the home page) and
 * announces what went live.
 */
@NullMarked
package blog.pipeline.publish;

import org.jspecify.annotations.NullMarked;

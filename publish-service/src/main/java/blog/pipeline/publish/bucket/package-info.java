/**
 * The S3 bucket the site is served from: client settings, the bucket layout and HTML object writes.
 */
@NullMarked
package blog.pipeline.publish.bucket;

import org.jspecify.annotations.NullMarked;

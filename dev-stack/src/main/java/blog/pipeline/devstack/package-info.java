/**
 * The one-command local run of the whole pipeline on real servers, and the CDN-like edge that serves the bucket.
 */
@NullMarked
package blog.pipeline.devstack;

import org.jspecify.annotations.NullMarked;

/**
 * Tracing across the three publish stages: each consumed record continues the trace its {@code traceparent} header
 * carries, and whatever is sent on its behalf carries that trace on.
 */
@NullMarked
package blog.pipeline.publish.tracing;

import org.jspecify.annotations.NullMarked;

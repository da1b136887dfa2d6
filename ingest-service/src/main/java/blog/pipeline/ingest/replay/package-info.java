/**
 * The full replay: every live post's latest accepted version rendered and published again from the Kafka log (after a
 * template change, say), throttled so live posts stay fast, with its progress counted from what publish announces.
 */
@NullMarked
package blog.pipeline.ingest.replay;

import org.jspecify.annotations.NullMarked;

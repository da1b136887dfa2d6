/**
 * The event contract shared by every service: records, topic names, schema version and serde settings.
 */
@NullMarked
package blog.pipeline.events;

import org.jspecify.annotations.NullMarked;

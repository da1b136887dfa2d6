/**
 * Wiring: Kafka topics, error handling and dead letters, clock.
 */
@NullMarked
package blog.pipeline.render.system;

import org.jspecify.annotations.NullMarked;

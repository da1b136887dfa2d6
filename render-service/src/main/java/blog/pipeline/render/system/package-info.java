/**
 * Wiring: Kafka topics, error handling and dead letters, clock; operations: Kafka health, consumer lag, dead-letter
 * count.
 */
@NullMarked
package blog.pipeline.render.system;

import org.jspecify.annotations.NullMarked;

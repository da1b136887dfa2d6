/**
 * Wiring: Kafka topics, error handling and dead letters, shared infrastructure beans.
 */
@NullMarked
package blog.pipeline.publish.system;

import org.jspecify.annotations.NullMarked;

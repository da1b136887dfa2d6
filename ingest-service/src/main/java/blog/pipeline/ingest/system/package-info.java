/**
 * Wiring: settings, editor authentication, problem details and Kafka topics.
 */
@NullMarked
package blog.pipeline.ingest.system;

import org.jspecify.annotations.NullMarked;

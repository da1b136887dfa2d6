/**
 * Starts the pipeline's real servers (an Apache Kafka broker in KRaft mode and S3Proxy) as their own processes, for
 * the dev stack and for integration tests.
 */
@NullMarked
package blog.pipeline.stack;

import org.jspecify.annotations.NullMarked;

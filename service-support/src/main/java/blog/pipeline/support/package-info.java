/**
 * What the consuming services share to watch Kafka: a bounded admin client and the consumer-lag gauges.
 */
@NullMarked
package blog.pipeline.support;

import org.jspecify.annotations.NullMarked;

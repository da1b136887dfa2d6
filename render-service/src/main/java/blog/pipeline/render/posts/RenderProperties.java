package blog.pipeline.render.posts;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Rendering settings.
 *
 * @param sendTimeout how long to wait for Kafka to acknowledge a rendered event before the record is retried
 */
@ConfigurationProperties("pipeline.render")
public record RenderProperties(@DefaultValue("10s") Duration sendTimeout) {
}

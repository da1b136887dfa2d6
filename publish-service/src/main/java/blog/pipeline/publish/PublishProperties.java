package blog.pipeline.publish;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the site is published.
 *
 * @param htmlCacheControl the {@code Cache-Control} of every HTML object (short browser TTL, longer CDN TTL)
 * @param siteTitle the site's name, on the home page and in page titles
 * @param homeRecentPosts how many of the newest posts the home page lists
 * @param sendTimeout how long a batch waits for Kafka to acknowledge its catalog and published records
 */
@ConfigurationProperties("pipeline.publish")
public record PublishProperties(@DefaultValue("public, max-age=60, s-maxage=300") String htmlCacheControl,
		@DefaultValue("Blog") String siteTitle, @DefaultValue("10") int homeRecentPosts,
		@DefaultValue("30s") Duration sendTimeout) {

}

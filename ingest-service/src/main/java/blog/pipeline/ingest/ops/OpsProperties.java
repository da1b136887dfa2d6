package blog.pipeline.ingest.ops;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the operators' endpoints and page.
 *
 * @param brokerTimeout how long one read of the dead letters, offsets or lag waits for Kafka
 * @param renderGroup the consumer group of render-service, whose lag the page shows
 * @param publishGroup the consumer group of publish-service, whose lag the page shows
 * @param window how far back the page's throughput and latency figures reach
 * @param recentPosts how many of the latest accepted posts the page lists
 * @param redriveTransactionalId the transactional id every ingest instance re-drives with: opening a producer with it
 * fences the other instances' re-drives, so no two instances can re-drive one dead letter
 */
@ConfigurationProperties("pipeline.ops")
public record OpsProperties(@DefaultValue("3s") Duration brokerTimeout,
		@DefaultValue("render-service") String renderGroup, @DefaultValue("publish-service") String publishGroup, @DefaultValue("15m") Duration window,
		@DefaultValue("20") int recentPosts, @DefaultValue("ingest-ops-redrive") String redriveTransactionalId) {

}

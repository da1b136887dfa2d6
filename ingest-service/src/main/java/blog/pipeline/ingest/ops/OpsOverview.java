package blog.pipeline.ingest.ops;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Everything the ops page shows at once.
 *
 * @param lag consumer lag per partition, {@code null} when Kafka did not tell it in time
 */
record OpsOverview(Instant at, List<PipelineRates.Minute> throughput, PipelineRates.Latency submitToLive,
		@Nullable List<ConsumerLags.PartitionLag> lag, List<RecentPosts.Item> recentPosts) {

}

package blog.pipeline.ingest.ops;

import java.time.Clock;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The ops page and the figures it shows. */
@RestController
class OpsController {

	private static final Logger log = LoggerFactory.getLogger(OpsController.class);

	private static final Resource PAGE = new ClassPathResource("static/ops/index.html");

	private final PipelineRates rates;

	private final ConsumerLags lags;

	private final RecentPosts posts;

	private final OpsProperties properties;

	private final Clock clock;

	OpsController(PipelineRates rates, ConsumerLags lags, RecentPosts posts, OpsProperties properties, Clock clock) {
		this.rates = rates;
		this.lags = lags;
		this.posts = posts;
		this.properties = properties;
		this.clock = clock;
	}

	/** The page (no data in it: it asks for the ops token and fetches the figures with it). */
	@GetMapping({ "/ops", "/ops/" })
	ResponseEntity<Resource> page() {
		return ResponseEntity.ok()
			.contentType(MediaType.TEXT_HTML)
			.cacheControl(CacheControl.noCache())
			.body(PAGE);
	}

	@GetMapping("/ops/overview")
	OpsOverview overview() {
		return new OpsOverview(this.clock.instant(), this.rates.throughput(), this.rates.latency(), lagOrNull(),
				this.posts.latest(this.properties.recentPosts()));
	}

	/** The page shows the rest when the broker does not tell the lag in time. */
	private @Nullable List<ConsumerLags.PartitionLag> lagOrNull() {
		try {
			return this.lags.now();
		}
		catch (KafkaNotAnsweringException ex) {
			log.debug("Overview without consumer lag: {}", ex.getMessage());
			return null;
		}
	}

}

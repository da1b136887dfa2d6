package blog.pipeline.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SitemapBacklogTests {

	@Test
	void readsThePendingPartsOfPublishAndNoneWhenTheSeriesIsMissing() {
		String exposition = """
				# HELP pipeline_publish_sitemap_deferred_total Changed sitemap parts whose write was put off
				# TYPE pipeline_publish_sitemap_deferred_total counter
				pipeline_publish_sitemap_deferred_total{application="publish-service"} 364.0
				# HELP pipeline_publish_sitemap_pending Changed sitemap parts waiting for their write
				# TYPE pipeline_publish_sitemap_pending gauge
				pipeline_publish_sitemap_pending{application="publish-service"} 17.0
				""";

		assertThat(SitemapBacklog.pending(exposition)).isEqualTo(17);
		assertThat(SitemapBacklog.pending(exposition.replace(" 17.0", " 0.0"))).isZero();
		assertThat(SitemapBacklog.pending("jvm_threads_live_threads{application=\"publish-service\"} 40.0\n")).isZero();
	}

}

package blog.pipeline.ingest.ops;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The nearest-rank percentiles the ops page shows for the submit-to-live latency. */
class PipelineRatesTests {

	@Test
	void percentilesAreNearestRank() {
		long[] sorted = new long[100];
		for (int i = 0; i < sorted.length; i++) {
			sorted[i] = (i + 1) * 10L;
		}

		assertThat(PipelineRates.percentile(sorted, 0.50)).isEqualTo(500);
		assertThat(PipelineRates.percentile(sorted, 0.99)).isEqualTo(990);
		assertThat(PipelineRates.percentile(new long[] { 7 }, 0.99)).isEqualTo(7);
		assertThat(PipelineRates.percentile(new long[] { 1, 2, 3 }, 0.50)).isEqualTo(2);
	}

	@Test
	void withoutSamplesThereIsNoPercentile() {
		assertThat(PipelineRates.percentile(new long[0], 0.5)).isNull();
	}

}

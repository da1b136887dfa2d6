package blog.pipeline.bench;

import java.util.List;

/** Percentiles of a set of latencies in milliseconds. */
record Stats(int count, double p50, double p99, double p999, double max) {

	static Stats of(List<Double> millis) {
		double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
		if (sorted.length == 0) {
			return new Stats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
		}
		return new Stats(sorted.length, percentile(sorted, 0.50), percentile(sorted, 0.99), percentile(sorted, 0.999),
				sorted[sorted.length - 1]);
	}

	/** Nearest-rank percentile. */
	static double percentile(double[] sorted, double p) {
		int rank = (int) Math.ceil(p * sorted.length);
		return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
	}

}

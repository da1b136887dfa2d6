package blog.pipeline.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * What the benchmark runs, from environment variables with defaults for the full run.
 *
 * @param posts corpus size ({@code BENCH_POSTS})
 * @param authors corpus authors ({@code BENCH_AUTHORS})
 * @param clients concurrent API clients during the bulk load ({@code BENCH_CLIENTS})
 * @param warmUpPosts drafts published, edited and withdrawn before anything is measured ({@code BENCH_WARM_UP_POSTS},
 *     the whole corpus by default: with fewer, the JIT compilers were still busy in the measured phases; 0 measures
 *     the services from a cold start)
 * @param warmUpEdits edits of the warm-up posts sent during the warm-up ({@code BENCH_WARM_UP_EDITS})
 * @param edits edits sent while the site is live ({@code BENCH_EDITS}), in each edit phase: enough for a steady
 *     state (the sitemap parts written once per delay, not the bulk load's last) and for a p99.9 that is not
 *     simply the slowest edit
 * @param extraEditShares the edit rates, as shares of the bulk rate, measured after the goal's half
 *     ({@code BENCH_EXTRA_EDIT_SHARES}, comma-separated, e.g. {@code 0.25}; empty for none)
 * @param hugo whether to measure Hugo ({@code BENCH_HUGO}; needs the Debian package hugo)
 * @param corpusScript the corpus generator ({@code BENCH_CORPUS_SCRIPT})
 * @param serviceJvmOptions the JVM options of the three services ({@code BENCH_SERVICE_JVM_OPTS})
 * @param workDir where the corpus, the Hugo site and the stack's data go ({@code BENCH_WORK_DIR})
 * @param report the Markdown file whose pipeline section the results replace ({@code BENCH_REPORT})
 */
record BenchSettings(int posts, int authors, int clients, int warmUpPosts, int warmUpEdits, int edits,
		List<Double> extraEditShares, boolean hugo, Path corpusScript, String serviceJvmOptions, Path workDir,
		Path report) {

	static BenchSettings fromEnvironment() {
		int posts = number("BENCH_POSTS", 10_000);
		return new BenchSettings(posts, number("BENCH_AUTHORS", 100), number("BENCH_CLIENTS", 64),
				number("BENCH_WARM_UP_POSTS", posts), number("BENCH_WARM_UP_EDITS", 3000), number("BENCH_EDITS", 3000),
				shares(value("BENCH_EXTRA_EDIT_SHARES", "0.25")),
				Boolean.parseBoolean(value("BENCH_HUGO", "true")),
				Path.of(value("BENCH_CORPUS_SCRIPT", "../shared/bench/make-corpus.py")),
				value("BENCH_SERVICE_JVM_OPTS", "-Xmx384m -XX:+UseParallelGC -XX:-TieredCompilation"),
				Path.of(value("BENCH_WORK_DIR", "bench/target/run")), Path.of(value("BENCH_REPORT", "BENCHMARKS.md")));
	}

	private static String value(String name, String fallback) {
		String value = System.getenv(name);
		return (value == null || value.isBlank()) ? fallback : value.trim();
	}

	private static List<Double> shares(String list) {
		return Arrays.stream(list.split(",")).map(String::trim).filter((s) -> !s.isEmpty() && !s.equals("none"))
			.map(Double::valueOf).toList();
	}

	private static int number(String name, int fallback) {
		return Integer.parseInt(value(name, Integer.toString(fallback)));
	}

}

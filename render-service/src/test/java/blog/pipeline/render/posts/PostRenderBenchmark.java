package blog.pipeline.render.posts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import blog.pipeline.events.Author;
import blog.pipeline.events.CoverImage;
import blog.pipeline.events.Draft;
import blog.pipeline.events.PostRendered;
import blog.pipeline.events.PostSubmitted;
import blog.pipeline.render.excerpt.Excerpt;
import blog.pipeline.render.excerpt.ExcerptExtractor;
import blog.pipeline.render.markdown.HtmlSanitizer;
import blog.pipeline.render.markdown.MarkdownRenderer;
import blog.pipeline.render.markdown.SafeHtml;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * JMH: one post per operation, cycling through the corpus of {@code shared/bench/make-corpus.py}. {@code fullRender}
 * is what render-service does per record (Markdown with the GFM extensions, sanitizing, teaser, reading time, page
 * template); {@code bareCommonmark} is plain commonmark-java parse + render of the same body, the floor to compare
 * with. Sample-time mode reports the distribution over posts, so the p0.50 line is the median post. Not a test: run
 * with the {@code bench} profile (see the module pom and {@code BENCHMARKS.md}).
 */
@State(Scope.Thread)
@BenchmarkMode({ Mode.SampleTime, Mode.AverageTime })
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PostRenderBenchmark {

	private final Parser bareParser = Parser.builder().build();

	private final HtmlRenderer bareRenderer = HtmlRenderer.builder().build();

	private PostRenderer renderer;

	private MarkdownRenderer markdown;

	private ExcerptExtractor excerpts;

	private List<PostSubmitted> posts;

	private int next;

	@Setup(Level.Trial)
	public void loadCorpus() {
		Path corpus = Path.of(System.getProperty("bench.corpus", "target/bench/drafts.jsonl"));
		JsonMapper json = JsonMapper.builder().build();
		List<PostSubmitted> loaded = new ArrayList<>();
		try {
			for (String line : Files.readAllLines(corpus, StandardCharsets.UTF_8)) {
				if (!line.isBlank()) {
					loaded.add(submitted(loaded.size(), json.readValue(line, new TypeReference<Map<String, Object>>() {
					})));
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Benchmark corpus " + corpus.toAbsolutePath()
					+ " cannot be read; generate it with shared/bench/make-corpus.py --out " + corpus, ex);
		}
		this.posts = loaded;
		this.renderer = PostFixtures.renderer();
		HtmlSanitizer sanitizer = new HtmlSanitizer();
		this.markdown = new MarkdownRenderer(sanitizer);
		this.excerpts = new ExcerptExtractor(this.markdown, sanitizer);
	}

	@SuppressWarnings("unchecked")
	private static PostSubmitted submitted(int index, Map<String, Object> draft) {
		Map<String, String> author = (Map<String, String>) draft.get("author");
		Map<String, String> cover = (Map<String, String>) draft.get("coverImage");
		return PostFixtures.submitted("post-" + index,
				new Draft((String) draft.get("title"), "post-" + index, new Author(author.get("id"), author.get("name")),
						(String) draft.get("bodyMarkdown"), null, (List<String>) draft.get("tags"),
						(cover != null) ? new CoverImage(cover.get("url"), cover.get("alt")) : null, null));
	}

	private PostSubmitted nextPost() {
		PostSubmitted post = this.posts.get(this.next);
		this.next = (this.next + 1) % this.posts.size();
		return post;
	}

	/**
	 * After each trial (so on a warmed-up JVM): every post of the corpus once through the full render and once through
	 * bare commonmark-java, timed in CPU time of this thread (not wall time, which a shared machine inflates); prints
	 * the medians and their ratio.
	 */
	@TearDown(Level.Trial)
	public void cpuTimePerPost() {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		long[] full = new long[this.posts.size()];
		long[] bare = new long[this.posts.size()];
		// two passes to warm up both paths (the trial may have exercised only one of them), the third is measured
		for (int pass = 0; pass < 3; pass++) {
			measure(threads, full, bare);
		}
		Arrays.sort(full);
		Arrays.sort(bare);
		report(full, bare);
	}

	private void measure(ThreadMXBean threads, long[] full, long[] bare) {
		for (int i = 0; i < this.posts.size(); i++) {
			PostSubmitted post = this.posts.get(i);
			long start = threads.getCurrentThreadCpuTime();
			this.renderer.render(post);
			long middle = threads.getCurrentThreadCpuTime();
			this.bareRenderer.render(this.bareParser.parse(post.draft().bodyMarkdown()));
			long end = threads.getCurrentThreadCpuTime();
			full[i] = middle - start;
			bare[i] = end - middle;
		}
	}

	private void report(long[] full, long[] bare) {
		double fullMedian = full[full.length / 2] / 1e6;
		double bareMedian = bare[bare.length / 2] / 1e6;
		System.out.printf(Locale.ROOT,
				"%nCPU time per post over %d posts: full render median %.3f ms (p90 %.3f ms), bare commonmark median "
						+ "%.3f ms (p90 %.3f ms), bare/full %.2f%n",
				full.length, fullMedian, full[full.length * 9 / 10] / 1e6, bareMedian, bare[bare.length * 9 / 10] / 1e6,
				bareMedian / fullMedian);
	}

	@Benchmark
	public PostRendered fullRender() {
		return this.renderer.render(nextPost());
	}

	/** Part of the full render: the body alone, Markdown with the extensions, then sanitized. */
	@Benchmark
	public SafeHtml partBody() {
		return this.markdown.render(nextPost().draft().bodyMarkdown());
	}

	/** Part of the full render: the teaser alone. */
	@Benchmark
	public Excerpt partExcerpt() {
		return this.excerpts.extract(nextPost().draft().bodyMarkdown(), null);
	}

	@Benchmark
	public String bareCommonmark() {
		return this.bareRenderer.render(this.bareParser.parse(nextPost().draft().bodyMarkdown()));
	}

}

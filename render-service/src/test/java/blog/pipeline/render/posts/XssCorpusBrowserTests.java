package blog.pipeline.render.posts;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import blog.pipeline.events.PostRendered;
import blog.pipeline.render.xss.HeadlessChromium;
import blog.pipeline.render.xss.XssBrowserHarness;
import blog.pipeline.render.xss.XssBrowserHarness.Report;
import blog.pipeline.render.xss.XssVectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Opens every page of the XSS corpus in headless Chromium and proves that no vector runs (see
 * {@link XssBrowserHarness} for what is detected). Each vector becomes two pages: the full post page exactly as
 * render-service produces it, and a page holding only its teaser HTML (what publish-service puts on index pages). The
 * positive controls show the detector sees unsanitized markup run; without them a passing test would prove nothing.
 * Without a {@code chromium} executable the test is skipped, except on CI, where it fails.
 */
class XssCorpusBrowserTests {

	private static HeadlessChromium chromium;

	@TempDir
	private Path work;

	@BeforeAll
	static void findChromium() {
		chromium = HeadlessChromium.required();
	}

	@Test
	void noVectorOfTheCorpusRunsInTheBrowser() throws Exception {
		PostRenderer renderer = PostFixtures.renderer();
		List<Page> pages = new ArrayList<>();
		for (XssVectors.Vector vector : XssVectors.all()) {
			PostRendered rendered = PostFixtures.rendered(renderer, vector);
			pages.add(new Page("v" + vector.line() + "-page.html", vector + " (post page)", rendered.pageHtml()));
			pages.add(new Page("v" + vector.line() + "-teaser.html", vector + " (teaser)",
					teaserPage(rendered.excerptHtml())));
		}

		List<Result> results = load(pages);

		assertThat(results).hasSize(pages.size());
		assertThat(results).as("pages whose harness did not report (so nothing was checked)")
			.filteredOn((result) -> !"ran".equals(result.report.harness()))
			.isEmpty();
		assertThat(results).as("vectors that ran or left something runnable in the browser")
			.filteredOn((result) -> result.report.xss())
			.isEmpty();
	}

	@Test
	void detectorSeesUnsanitizedVectorsRun() throws Exception {
		String page = PostFixtures.renderer()
			.render(PostFixtures.submitted("control", PostFixtures.draft("control", null)))
			.pageHtml();
		List<String> executing = List.of("<img src=x onerror=alert(1)>", "<script>confirm(1)</script>",
				"<svg onload=prompt(1)>", "<iframe srcdoc=\"<script>parent.xss()</script>\"></iframe>",
				"<details open ontoggle=print()>", "<script>setTimeout(function () { alert(1) }, 1000)</script>");
		List<String> latentOnly = List.of("<a href=\" jAvAsCrIpT&#x3A;alert(1)\">click me</a>",
				"<p onmouseover=alert(1)>hover me</p>");
		List<Page> pages = new ArrayList<>();
		for (String vector : executing) {
			pages.add(new Page("executing-" + pages.size() + ".html", vector, unsanitized(page, vector)));
		}
		for (String vector : latentOnly) {
			pages.add(new Page("latent-" + pages.size() + ".html", vector, unsanitized(page, vector)));
		}
		pages.add(new Page("clean.html", "the sanitized page itself", page));

		List<Result> results = load(pages);

		assertThat(results).extracting((result) -> result.report.harness()).containsOnly("ran");
		assertThat(results.subList(0, executing.size())).allSatisfy((result) -> assertThat(result.report.executed())
			.as("%s must be seen running", result.description)
			.isNotBlank());
		assertThat(results.subList(executing.size(), executing.size() + latentOnly.size()))
			.allSatisfy((result) -> assertThat(result.report.latent())
				.as("%s must be seen as runnable", result.description)
				.isNotBlank());
		assertThat(results.get(results.size() - 1).report.xss()).as("the real page is clean").isFalse();
	}

	private static String unsanitized(String page, String vector) {
		String withVector = page.replace("<div class=\"post-body\">", "<div class=\"post-body\">" + vector);
		assertThat(withVector).contains(vector);
		return withVector;
	}

	private static String teaserPage(String excerptHtml) {
		return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Teaser</title></head><body>"
				+ "<article><a href=\"/posts/x/\">Title</a>" + excerptHtml + "</article></body></html>";
	}

	/** Writes the pages with the harness as files next to the batch pages, loads them and pairs each report. */
	private List<Result> load(List<Page> pages) throws Exception {
		Path directory = Files.createDirectories(this.work.resolve("pages"));
		for (Page page : pages) {
			Files.writeString(directory.resolve(page.file), XssBrowserHarness.inject(page.html),
					StandardCharsets.UTF_8);
		}
		List<Report> reports = new XssBrowserHarness(chromium, this.work)
			.load(pages.stream().map(Page::file).toList(), (number, html) -> {
				Path batch = directory.resolve("batch-" + number + ".html");
				Files.writeString(batch, html, StandardCharsets.UTF_8);
				return batch.toUri();
			});
		List<Result> results = new ArrayList<>();
		for (int i = 0; i < pages.size(); i++) {
			results.add(new Result(pages.get(i).description, reports.get(i)));
		}
		return results;
	}

	private record Page(String file, String description, String html) {
	}

	private record Result(String description, Report report) {

		@Override
		public String toString() {
			return this.description + ": " + this.report;
		}

	}

}

package blog.pipeline.render.posts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import blog.pipeline.events.PostRendered;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Opens every page of the XSS corpus in headless Chromium and proves that no vector runs. Each vector becomes two
 * pages: the full post page exactly as render-service produces it, and a page holding only its teaser HTML (what
 * publish-service puts on index pages). A harness script, added by this test at the top of each page, replaces
 * {@code alert}, {@code confirm}, {@code prompt}, {@code print} and {@code xss} with functions that set a marker on
 * the page's root element; once the page has loaded it also marks anything the browser would run later on a
 * reader's click or focus: event handler attributes, {@code javascript:}/{@code data:}/{@code vbscript:} URLs as the
 * browser parsed them, frames, objects, forms, a changed base URL. Pages are loaded twenty at a time as frames of
 * one batch page, so the browser starts a few times, not hundreds. The positive controls show the detector sees
 * unsanitized markup run; without them a passing test would prove nothing.
 * <p>
 * Without a {@code chromium} executable the test is skipped, except on CI (environment variable {@code CI} set),
 * where it fails: {@code .ci/run} installs the browser.
 */
class XssCorpusBrowserTests {

	private static final int VECTORS_PER_BATCH = 10;

	private static final int PARALLEL_BROWSERS = 2;

	private static final String TRAPS = "['alert','confirm','prompt','print','xss'].forEach(function(n){"
			+ "Object.defineProperty(window,n,{value:function(){var r=document.documentElement;"
			+ "r.setAttribute('data-xss-executed',(r.getAttribute('data-xss-executed')||'')+n+' ');},"
			+ "writable:false,configurable:false});});";

	/** Added right after {@code <head>} of every page under test. */
	private static final String HARNESS = """
			<script id="xss-harness">
			(function () {
			  %s
			  var root = document.documentElement;
			  var URL_ATTRIBUTES = ['href', 'src', 'action', 'formaction', 'data', 'poster', 'background', 'dynsrc',
			      'lowsrc', 'xlink:href', 'codebase', 'cite', 'ping'];
			  var FORBIDDEN = 'script, iframe, frame, frameset, object, embed, applet, base, form, meta[http-equiv], '
			      + 'link, style, svg, math, template, noscript, textarea, select, button, isindex, '
			      + 'input:not([type=checkbox][disabled])';
			  function dangerousUrl(value) {
			    try {
			      var scheme = new URL(value, document.baseURI).protocol;
			      return scheme === 'javascript:' || scheme === 'data:' || scheme === 'vbscript:';
			    } catch (e) {
			      return false;
			    }
			  }
			  function allowed(element) {
			    if (element.id === 'xss-harness') return true;
			    if (element.parentElement !== document.head) return false;
			    if (element.tagName === 'LINK') return element.rel === 'canonical' || element.rel === 'stylesheet';
			    return element.tagName === 'META' && !element.hasAttribute('http-equiv');
			  }
			  function latent() {
			    var found = [];
			    document.querySelectorAll(FORBIDDEN).forEach(function (element) {
			      if (!allowed(element)) found.push('element:' + element.tagName.toLowerCase());
			    });
			    document.querySelectorAll('*').forEach(function (element) {
			      for (var i = 0; i < element.attributes.length; i++) {
			        var name = element.attributes[i].name.toLowerCase();
			        var where = element.tagName.toLowerCase() + '@' + name;
			        if (name.indexOf('on') === 0) found.push('handler:' + where);
			        if (name === 'style' || name === 'srcdoc') found.push('attribute:' + where);
			        if (URL_ATTRIBUTES.indexOf(name) >= 0 && dangerousUrl(element.attributes[i].value)) {
			          found.push('url:' + where);
			        }
			      }
			    });
			    if (document.baseURI !== location.href) found.push('base:' + document.baseURI);
			    return found;
			  }
			  window.addEventListener('load', function () {
			    setTimeout(function () {
			      var found = latent();
			      if (found.length) root.setAttribute('data-xss-latent', found.join(' '));
			      root.setAttribute('data-harness', 'ran');
			    }, 300);
			  });
			})();
			</script>
			""".formatted(TRAPS);

	/** Loads the pages of one batch as frames and writes what each page's harness found into a JSON result. */
	private static final String BATCH_PAGE = """
			<!doctype html>
			<html><head><meta charset="utf-8"><script>
			%s
			window.addEventListener('load', function () {
			  setTimeout(function () {
			    var results = [];
			    document.querySelectorAll('iframe').forEach(function (frame) {
			      var result = { page: frame.getAttribute('src') };
			      try {
			        var root = frame.contentDocument.documentElement;
			        result.harness = root.getAttribute('data-harness');
			        result.executed = root.getAttribute('data-xss-executed');
			        result.latent = root.getAttribute('data-xss-latent');
			      } catch (e) {
			        result.error = String(e);
			      }
			      results.push(result);
			    });
			    var out = document.createElement('pre');
			    out.id = 'results';
			    out.textContent = JSON.stringify(results);
			    document.body.appendChild(out);
			  }, 1500);
			});
			</script></head><body>
			%s
			</body></html>
			""";

	private static final JsonMapper json = JsonMapper.builder().build();

	private static HeadlessChromium chromium;

	@TempDir
	private Path work;

	@BeforeAll
	static void findChromium() {
		chromium = HeadlessChromium.find().orElse(null);
		if (chromium == null) {
			String reason = "Headless browser XSS tests need Debian's 'chromium' (apt-get install chromium), "
					+ "which is not on the PATH";
			if (System.getenv("CI") != null) {
				throw new IllegalStateException(reason + "; CI must install it (.ci/run does)");
			}
			throw new TestAbortedException(reason + "; skipped outside CI");
		}
	}

	@Test
	void noVectorOfTheCorpusRunsInTheBrowser() throws Exception {
		PostRenderer renderer = PostFixtures.renderer();
		List<XssVectors.Vector> vectors = XssVectors.all();
		List<Page> pages = new ArrayList<>();
		for (XssVectors.Vector vector : vectors) {
			PostRendered rendered = XssVectors.render(renderer, vector);
			pages.add(new Page("v" + vector.line() + "-page.html", vector.toString() + " (post page)",
					rendered.pageHtml()));
			pages.add(new Page("v" + vector.line() + "-teaser.html", vector.toString() + " (teaser)",
					teaserPage(rendered.excerptHtml())));
		}

		List<Result> results = load(pages);

		assertThat(results).hasSize(pages.size());
		assertThat(results).as("pages whose harness did not report (so nothing was checked)")
			.filteredOn((result) -> !"ran".equals(result.harness))
			.isEmpty();
		assertThat(results).as("vectors that ran or left something runnable in the browser")
			.filteredOn(Result::xss)
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

		assertThat(results).extracting(Result::harness).containsOnly("ran");
		assertThat(results.subList(0, executing.size())).allSatisfy(
				(result) -> assertThat(result.executed).as("%s must be seen running", result.description).isNotBlank());
		assertThat(results.subList(executing.size(), executing.size() + latentOnly.size()))
			.allSatisfy((result) -> assertThat(result.latent).as("%s must be seen as runnable", result.description)
				.isNotBlank());
		assertThat(results.get(results.size() - 1).xss()).as("the real page is clean").isFalse();
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

	/** Writes the pages with the harness, loads them in batches, two browsers at a time, and reads the results. */
	private List<Result> load(List<Page> pages) throws Exception {
		List<List<Page>> batches = new ArrayList<>();
		for (int i = 0; i < pages.size(); i += VECTORS_PER_BATCH * 2) {
			batches.add(pages.subList(i, Math.min(pages.size(), i + VECTORS_PER_BATCH * 2)));
		}
		ExecutorService browsers = Executors.newFixedThreadPool(PARALLEL_BROWSERS);
		try {
			List<Future<List<Result>>> loads = new ArrayList<>();
			for (int i = 0; i < batches.size(); i++) {
				int number = i;
				loads.add(browsers.submit(() -> loadBatch(number, batches.get(number))));
			}
			List<Result> results = new ArrayList<>();
			for (Future<List<Result>> load : loads) {
				results.addAll(load.get());
			}
			return results;
		}
		finally {
			browsers.shutdownNow();
		}
	}

	private List<Result> loadBatch(int number, List<Page> pages) throws IOException, InterruptedException {
		Path directory = Files.createDirectories(this.work.resolve("batch-" + number));
		StringBuilder frames = new StringBuilder();
		for (Page page : pages) {
			assertThat(page.html).contains("<head>");
			Files.writeString(directory.resolve(page.file), page.html.replaceFirst("<head>", "<head>\n" + HARNESS),
					StandardCharsets.UTF_8);
			frames.append("<iframe width=\"360\" height=\"200\" src=\"").append(page.file).append("\"></iframe>\n");
		}
		Path batchPage = directory.resolve("batch.html");
		Files.writeString(batchPage, BATCH_PAGE.formatted(TRAPS, frames), StandardCharsets.UTF_8);

		Document dom = Jsoup.parse(chromium.dumpDom(batchPage, directory));

		Element out = dom.getElementById("results");
		assertThat(out).as("results of batch %d: %s", number, dom.html()).isNotNull();
		String topExecuted = dom.selectFirst("html").attr("data-xss-executed");
		List<Map<String, String>> reports = json.readValue(out.wholeText(), new TypeReference<>() {
		});
		List<Result> results = new ArrayList<>();
		for (int i = 0; i < pages.size(); i++) {
			Map<String, String> report = reports.get(i);
			assertThat(report.get("page")).isEqualTo(pages.get(i).file);
			String executed = (report.get("executed") != null) ? report.get("executed") : "";
			if (!topExecuted.isBlank()) {
				executed += " in the batch page: " + topExecuted;
			}
			results.add(new Result(pages.get(i).description, report.get("harness"), executed.strip(),
					(report.get("latent") != null) ? report.get("latent") : ""));
		}
		return results;
	}

	private record Page(String file, String description, String html) {
	}

	private record Result(String description, String harness, String executed, String latent) {

		boolean xss() {
			return !this.executed.isBlank() || !this.latent.isBlank();
		}

	}

}

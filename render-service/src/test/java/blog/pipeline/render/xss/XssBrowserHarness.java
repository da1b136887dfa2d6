package blog.pipeline.render.xss;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves in headless Chromium that pages run no script. A harness script, added at the top of each page under test
 * ({@link #inject}), replaces {@code alert}, {@code confirm}, {@code prompt}, {@code print} and {@code xss} with
 * functions that set a marker on the page's root element; once the page has loaded it also marks anything the browser
 * would run later on a reader's click or focus: event handler attributes, {@code javascript:}/{@code data:}/
 * {@code vbscript:} URLs as the browser parsed them, frames, objects, forms, a changed base URL. Pages are loaded
 * twenty at a time as frames of one batch page (same origin, so it can read each frame's markers), two browsers at a
 * time, so the browser starts a few times, not hundreds. Shared by render-service's corpus test (pages as files) and
 * the dev-stack's test of the served site (pages from the edge).
 */
public final class XssBrowserHarness {

	/** Pages per batch page. */
	public static final int PAGES_PER_BATCH = 20;

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
			    if (element.tagName === 'LINK') return ['canonical', 'stylesheet', 'alternate'].indexOf(element.rel) >= 0;
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

	private final HeadlessChromium chromium;

	private final Path work;

	/** Where a batch page goes so the browser can load it next to its frames. */
	@FunctionalInterface
	public interface BatchHost {

		/** Makes {@code html}, the batch page number {@code number}, loadable and returns its URL. */
		URI host(int number, String html) throws Exception;

	}

	/** What the harness of one page reported ({@code harness} is "ran" when it checked the page). */
	public record Report(String page, String harness, String executed, String latent) {

		public boolean xss() {
			return !this.executed.isBlank() || !this.latent.isBlank();
		}

	}

	public XssBrowserHarness(HeadlessChromium chromium, Path work) {
		this.chromium = chromium;
		this.work = work;
	}

	/** The page with the harness script right after its {@code <head>}. */
	public static String inject(String html) {
		int head = html.indexOf("<head>");
		assertThat(head).as("the page has a <head>: %s", html).isNotNegative();
		return html.substring(0, head + "<head>".length()) + "\n" + HARNESS + html.substring(head + "<head>".length());
	}

	/**
	 * Loads the pages ({@code frameSources}, URLs relative to the batch pages, whose responses already carry the
	 * harness) in batches and returns one report per page, in order.
	 */
	public List<Report> load(List<String> frameSources, BatchHost host) throws Exception {
		List<List<String>> batches = new ArrayList<>();
		for (int i = 0; i < frameSources.size(); i += PAGES_PER_BATCH) {
			batches.add(frameSources.subList(i, Math.min(frameSources.size(), i + PAGES_PER_BATCH)));
		}
		ExecutorService browsers = Executors.newFixedThreadPool(PARALLEL_BROWSERS);
		try {
			List<Future<List<Report>>> loads = new ArrayList<>();
			for (int i = 0; i < batches.size(); i++) {
				int number = i;
				loads.add(browsers.submit(() -> loadBatch(number, batches.get(number), host)));
			}
			List<Report> reports = new ArrayList<>();
			for (Future<List<Report>> load : loads) {
				reports.addAll(load.get());
			}
			return reports;
		}
		finally {
			browsers.shutdownNow();
		}
	}

	private List<Report> loadBatch(int number, List<String> frameSources, BatchHost host) throws Exception {
		StringBuilder frames = new StringBuilder();
		for (String source : frameSources) {
			frames.append("<iframe width=\"360\" height=\"200\" src=\"").append(source).append("\"></iframe>\n");
		}
		URI batchPage = host.host(number, BATCH_PAGE.formatted(TRAPS, frames));

		Document dom = Jsoup.parse(this.chromium.dumpDom(batchPage, this.work));

		Element out = dom.getElementById("results");
		assertThat(out).as("results of batch %d: %s", number, dom.html()).isNotNull();
		String topExecuted = dom.selectFirst("html").attr("data-xss-executed");
		List<Map<String, String>> results = json.readValue(out.wholeText(), new TypeReference<>() {
		});
		assertThat(results).hasSize(frameSources.size());
		List<Report> reports = new ArrayList<>();
		for (int i = 0; i < frameSources.size(); i++) {
			Map<String, String> result = results.get(i);
			assertThat(result.get("page")).isEqualTo(frameSources.get(i));
			String executed = (result.get("executed") != null) ? result.get("executed") : "";
			if (!topExecuted.isBlank()) {
				executed += " in the batch page: " + topExecuted;
			}
			reports.add(new Report(frameSources.get(i), String.valueOf(result.get("harness")), executed.strip(),
					(result.get("latent") != null) ? result.get("latent") : ""));
		}
		return reports;
	}

}

package blog.pipeline.devstack;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;

import blog.pipeline.render.xss.HeadlessChromium;
import blog.pipeline.render.xss.XssBrowserHarness;
import blog.pipeline.render.xss.XssBrowserHarness.Report;
import blog.pipeline.render.xss.XssVectors;
import blog.pipeline.stack.FreePorts;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Entities;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.NodeList;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Invariant 6 end to end: every vector of render-service's XSS corpus goes through {@code POST /api/posts} of the real
 * stack (broker, S3Proxy, the three service jars, the edge), one post per vector, as the body Markdown and, cut to
 * the API's limits, as title, tags, cover alt text, author name and (every other post) explicit excerpt; the other
 * posts' teasers come from their vector bodies. Once all are published, headless Chromium opens from the served site
 * every post page, every page of the vector authors' indexes, the home page and the entries of every feed those pages
 * link (as a feed reader would show them): nothing runs and nothing runnable is left (see {@link XssBrowserHarness}).
 * The harness script reaches the served pages through {@link HarnessProxy}; positive controls served the same way
 * prove that it detects a script that runs. Without a {@code chromium} executable the test is skipped (fails on CI).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class XssThroughTheSiteTests {

	private static final Logger log = LoggerFactory.getLogger(XssThroughTheSiteTests.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String TOKEN = "xss-editor-token";

	private static final int AUTHORS = 8;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@TempDir
	static Path dataDir;

	@TempDir
	Path work;

	private HeadlessChromium chromium;

	private DevStack stack;

	private DevStackSettings settings;

	@BeforeAll
	void startTheStack() {
		this.chromium = HeadlessChromium.required();
		Map<String, String> env = DevStackSettings.onFreePorts(Path.of("..").toAbsolutePath().normalize(), dataDir);
		env.put("PIPELINE_TOPICS_PARTITIONS", "3");
		env.put("EDITOR_TOKEN", TOKEN);
		this.settings = DevStackSettings.from(env::get);
		this.stack = DevStack.start(this.settings);
	}

	@AfterAll
	void stopTheStack() {
		if (this.stack != null) {
			this.stack.close();
		}
	}

	@Test
	void noVectorRunsOnAnyPageOfTheServedSite() throws Exception {
		List<XssVectors.Vector> vectors = XssVectors.all();
		Map<String, XssVectors.Vector> slugs = new LinkedHashMap<>();
		for (XssVectors.Vector vector : vectors) {
			HttpResponse<String> accepted = submit(draft(vector));
			assertThat(accepted.statusCode()).as("%s: %s", vector, accepted.body()).isEqualTo(202);
			slugs.put(JSON.readTree(accepted.body()).get("slug").asString(), vector);
		}
		Map<String, Set<String>> authorPages = awaitPublished(slugs.keySet());
		List<String> sitePaths = new ArrayList<>();
		slugs.keySet().forEach((slug) -> sitePaths.add("/posts/" + slug + "/"));
		authorPages.values().forEach(sitePaths::addAll);
		sitePaths.add("/");

		try (HarnessProxy proxy = new HarnessProxy(this.settings.siteUrl(), FreePorts.next())) {
			List<String> controls = List.of(
					proxy.servePage("control-runs.html", withVector(slugs, "<img src=x onerror=alert(1)>")),
					proxy.servePage("control-latent.html", withVector(slugs, "<a href=\"javascript:alert(1)\">x</a>")));
			String feedEntries = proxy.servePage("feed-entries.html", feedEntriesPage(sitePaths));
			List<String> pages = new ArrayList<>(controls);
			pages.addAll(sitePaths);
			pages.add(feedEntries);
			XssBrowserHarness harness = new XssBrowserHarness(this.chromium, this.work);

			List<Report> reports = harness.load(pages, (number, html) -> proxy.url(proxy.serveAsIs("batch-" + number
					+ ".html", html)));

			log.info("{} vectors, {} pages opened from the served site (with {} controls)", vectors.size(),
					pages.size(), controls.size());
			assertThat(reports).hasSize(pages.size()).extracting(Report::harness).containsOnly("ran");
			assertThat(reports.get(0).executed()).as("the control that runs a script is seen").contains("alert");
			assertThat(reports.get(1).latent()).as("the control with a javascript: link is seen").contains("url:");
			assertThat(reports.subList(controls.size(), reports.size()))
				.as("served pages where a vector ran or left something runnable")
				.filteredOn(Report::xss)
				.isEmpty();
		}
	}

	/**
	 * The edge's Content-Security-Policy fits the pages the pipeline writes: Chromium, loading them straight from the
	 * edge (no harness: its inline script is exactly what the policy forbids), reports no violation for a post page
	 * with a cover image, an image, code, a table and a task list in its body, the home page, the author page, the
	 * feed and the not-found page (the sitemap only the blocked inline styling of Chromium's own XML viewer); a control page in the bucket with an inline style, served by the same edge, is
	 * reported, so a violation would be seen.
	 */
	@Test
	void servedPagesRaiseNoContentSecurityPolicyViolation() throws Exception {
		ObjectNode draft = JSON.createObjectNode();
		draft.put("title", "A post under the edge's policy");
		draft.put("slug", "csp-post");
		draft.putObject("author").put("id", "csp-author").put("name", "Camille Policy");
		draft.put("bodyMarkdown", """
				Teaser with *emphasis*.

				<!--more-->

				![A figure](https://img.example.org/figure.png)

				```java
				class A {}
				```

				| a | b |
				|---|---|
				| 1 | 2 |

				- [x] done
				- [ ] to do
				""");
		draft.putNull("excerpt");
		draft.putArray("tags").add("csp");
		draft.putObject("coverImage").put("url", "https://img.example.org/cover.jpg").put("alt", "a cover");
		draft.putNull("publishAt");
		HttpResponse<String> accepted = submit(draft);
		assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
			assertThat(get("/posts/csp-post/").statusCode()).isEqualTo(200);
			assertThat(get("/").body()).contains("/posts/csp-post/");
			assertThat(get("/authors/csp-author/").body()).contains("/posts/csp-post/");
		});
		assertThat(get("/posts/csp-post/").body()).contains("class=\"cover\"").contains("<table>");
		try (S3Client bucket = S3Client.builder()
			.endpointOverride(this.settings.s3Endpoint())
			.region(Region.US_EAST_1)
			.forcePathStyle(true)
			.credentialsProvider(StaticCredentialsProvider
				.create(AwsBasicCredentials.create(this.settings.s3AccessKey(), this.settings.s3SecretKey())))
			.build()) {
			bucket.putObject((put) -> put.bucket(this.settings.bucket())
				.key("csp-control.html")
				.contentType("text/html; charset=utf-8"),
					RequestBody.fromString("<!doctype html><html><head><title>Control</title></head><body>"
							+ "<p style=\"color: red\">inline style</p></body></html>"));
		}
		// Chromium resolves no host name: the edge by its address
		URI edge = URI.create("http://127.0.0.1:" + this.settings.sitePort() + "/");

		Map<String, List<String>> violations = new LinkedHashMap<>();
		for (String path : List.of("csp-control.html", "posts/csp-post/", "", "authors/csp-author/", "feed.xml",
				"sitemap.xml", "no-such-page/")) {
			violations.put("/" + path, this.chromium.consoleMessages(edge.resolve(path), this.work)
				.stream()
				.filter((message) -> message.contains("Content Security Policy"))
				.toList());
		}

		log.info("Content Security Policy messages by page: {}", violations);
		assertThat(violations.remove("/csp-control.html")).as("the control's inline style is reported")
			.anySatisfy((message) -> assertThat(message).contains("style-src 'self'"));
		// Chromium shows an XML file without a stylesheet in a viewer of its own that styles its tree inline; the
		// policy blocks that styling, not anything the sitemap itself asks for (see Edge.CONTENT_SECURITY_POLICY)
		assertThat(violations.remove("/sitemap.xml")).as("violations on the sitemap")
			.allSatisfy((message) -> assertThat(message).contains("Applying inline style violates")
				.contains("'style-src 'self''"));
		assertThat(violations).allSatisfy((page, messages) -> assertThat(messages).as(page).isEmpty());
	}

	private ObjectNode draft(XssVectors.Vector vector) {
		ObjectNode draft = JSON.createObjectNode();
		String text = vector.markdown();
		draft.put("title", cut("Vector " + vector.line() + " " + text, 200));
		draft.put("slug", "xss-vector-" + vector.line());
		ObjectNode author = draft.putObject("author");
		author.put("id", "xss-author-" + (vector.line() % AUTHORS));
		author.put("name", cut(text, 100));
		draft.put("bodyMarkdown", text);
		// every other post has the vector as its explicit excerpt, the others a teaser taken from the vector body
		draft.put("excerpt", (vector.line() % 2 == 1) ? cut(text, 300) : null);
		draft.putArray("tags").add("xss").add(cut(text, 40));
		ObjectNode cover = draft.putObject("coverImage");
		cover.put("url", "https://img.example.org/cover-" + vector.line() + ".jpg");
		cover.put("alt", cut(text, 200));
		draft.putNull("publishAt");
		return draft;
	}

	/** Cut to the API's limit; a vector cut short stays a vector for the escaping templates. */
	private static String cut(String text, int limit) {
		return (text.length() <= limit) ? text : text.substring(0, limit);
	}

	private HttpResponse<String> submit(ObjectNode draft) throws Exception {
		return this.http.send(HttpRequest.newBuilder(this.settings.editorApiUrl())
			.header("Authorization", "Bearer " + TOKEN)
			.header("Content-Type", "application/json")
			.timeout(Duration.ofSeconds(10))
			.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(draft)))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * Waits until every post page is served and the vector authors' index pages (each author's page and the archive
	 * pages it links) list every post; returns those index pages by author.
	 */
	private Map<String, Set<String>> awaitPublished(Set<String> slugs) {
		Set<String> waiting = new LinkedHashSet<>(slugs);
		await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
			for (String slug : List.copyOf(waiting)) {
				if (get("/posts/" + slug + "/").statusCode() == 200) {
					waiting.remove(slug);
				}
			}
			assertThat(waiting).as("post pages not served yet").isEmpty();
		});
		Map<String, Set<String>> authorPages = new LinkedHashMap<>();
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			Set<String> listed = new LinkedHashSet<>();
			for (int i = 0; i < AUTHORS; i++) {
				String first = "/authors/xss-author-" + i + "/";
				Set<String> pages = new LinkedHashSet<>(List.of(first));
				Document index = Jsoup.parse(get(first).body(), this.settings.siteUrl().toString());
				index.select("a[href^=\"/authors/xss-author-" + i + "/\"]").forEach((a) -> pages.add(a.attr("href")));
				for (String page : pages) {
					Jsoup.parse(get(page).body())
						.select("a:containsOwn(Continue reading)")
						.forEach((a) -> listed.add(a.attr("href")));
				}
				authorPages.put(first, pages);
			}
			assertThat(listed).as("posts on the author indexes")
				.containsAll(slugs.stream().map((slug) -> "/posts/" + slug + "/").toList());
		});
		return authorPages;
	}

	/** A served post page with the vector put in unsanitized, as a control the harness must flag. */
	private String withVector(Map<String, XssVectors.Vector> slugs, String vector) throws Exception {
		String page = get("/posts/" + slugs.keySet().iterator().next() + "/").body();
		String withVector = page.replaceFirst("<div class=\"post-body\">", "<div class=\"post-body\">" + vector);
		assertThat(withVector).contains(vector);
		return withVector;
	}

	/**
	 * The entries' HTML of every feed the pages link, as a feed reader shows it: one page holding each entry's title
	 * (text) and summary (HTML). The feeds must be well-formed XML.
	 */
	private String feedEntriesPage(List<String> sitePaths) throws Exception {
		Set<String> feeds = new LinkedHashSet<>();
		for (String path : sitePaths) {
			if (!path.startsWith("/posts/")) {
				Jsoup.parse(get(path).body())
					.select("link[rel=alternate][type=application/atom+xml]")
					.forEach((link) -> feeds.add(URI.create(link.attr("href")).getPath()));
			}
		}
		assertThat(feeds).as("feeds linked from the home and author pages").isNotEmpty();
		DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
		factory.setNamespaceAware(true);
		factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
		factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
		StringBuilder page = new StringBuilder(
				"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Feed entries</title></head><body>");
		int summaries = 0;
		for (String feed : feeds) {
			HttpResponse<String> response = get(feed);
			assertThat(response.statusCode()).as(feed).isEqualTo(200);
			org.w3c.dom.Document xml = factory.newDocumentBuilder()
				.parse(new ByteArrayInputStream(response.body().getBytes(StandardCharsets.UTF_8)));
			NodeList entries = xml.getElementsByTagNameNS("http://www.w3.org/2005/Atom", "entry");
			for (int i = 0; i < entries.getLength(); i++) {
				org.w3c.dom.Element entry = (org.w3c.dom.Element) entries.item(i);
				page.append("<article><h2>")
					.append(Entities.escape(text(entry, "title")))
					.append("</h2>")
					.append(text(entry, "summary"))
					.append("</article>\n");
				summaries++;
			}
		}
		assertThat(summaries).as("entries in the feeds %s", feeds).isPositive();
		log.info("{} feed entries from {}", summaries, String.join(", ", feeds));
		return page.append("</body></html>").toString();
	}

	private static String text(org.w3c.dom.Element entry, String name) {
		NodeList nodes = entry.getElementsByTagNameNS("http://www.w3.org/2005/Atom", name);
		return (nodes.getLength() == 0) ? "" : nodes.item(0).getTextContent();
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(this.settings.siteUrl().resolve(path.substring(1)))
			.timeout(Duration.ofSeconds(10))
			.GET()
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}

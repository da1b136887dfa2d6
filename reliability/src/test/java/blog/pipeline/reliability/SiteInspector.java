package blog.pipeline.reliability;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Compares the bucket with the {@link Oracle}: post pages and every author index page, archives included. */
final class SiteInspector {

	/** What is wrong with the site, by kind. */
	record Anomalies(int checked, int lost, int duplicated, int regressed, int staleVisible) {

		int total() {
			return this.lost + this.duplicated + this.regressed + this.staleVisible;
		}

	}

	private final S3Client s3;

	private final String bucket;

	SiteInspector(S3Client s3, String bucket) {
		this.s3 = s3;
		this.bucket = bucket;
	}

	Anomalies inspect(Collection<Oracle.Expected> posts) {
		int lost = 0;
		int duplicated = 0;
		int regressed = 0;
		int staleVisible = 0;
		Map<String, List<List<String>>> indexes = new HashMap<>();
		for (Oracle.Expected post : posts) {
			HeadObjectResponse page = head("posts/" + post.slug() + "/index.html");
			if (post.withdrawn()) {
				staleVisible += (page != null) ? 1 : 0;
			}
			else if (page == null) {
				lost++;
			}
			else {
				String version = page.metadata().get("post-version");
				if (version == null || Long.parseLong(version) < post.version()) {
					regressed++;
				}
			}
		}
		Set<String> authors = new HashSet<>();
		posts.forEach((post) -> authors.add(post.authorId()));
		for (String author : authors) {
			indexes.put(author, indexEntries(author));
		}
		for (Oracle.Expected post : posts) {
			String href = "/posts/" + post.slug() + "/";
			for (Map.Entry<String, List<List<String>>> index : indexes.entrySet()) {
				// A post may stand on the author's page and on its month's archive page, but never twice on one page.
				long pagesListing = index.getValue().stream().filter((page) -> page.contains(href)).count();
				boolean twiceOnAPage = index.getValue()
					.stream()
					.anyMatch((page) -> page.stream().filter(href::equals).count() > 1);
				boolean belongs = !post.withdrawn() && index.getKey().equals(post.authorId());
				if (belongs && pagesListing == 0) {
					lost++;
				}
				else if (belongs && twiceOnAPage) {
					duplicated++;
				}
				else if (!belongs && pagesListing > 0) {
					staleVisible++;
				}
			}
		}
		return new Anomalies(posts.size(), lost, duplicated, regressed, staleVisible);
	}

	/** The "Continue reading" links of each page of the author's index: its page and every page it links to. */
	private List<List<String>> indexEntries(String author) {
		String folder = "/authors/" + author + "/";
		List<List<String>> entries = new ArrayList<>();
		Deque<String> pages = new ArrayDeque<>(List.of(folder));
		Set<String> seen = new HashSet<>();
		while (!pages.isEmpty()) {
			String path = pages.pop();
			if (!seen.add(path)) {
				continue;
			}
			String html = get(path.substring(1) + (path.endsWith("/") ? "index.html" : ""));
			if (html == null) {
				continue;
			}
			Document page = Jsoup.parse(html);
			List<String> onThisPage = new ArrayList<>();
			entries.add(onThisPage);
			for (Element link : page.select("a[href]")) {
				String href = link.attr("href");
				if (link.ownText().trim().equals("Continue reading")) {
					onThisPage.add(href);
				}
				else if (href.startsWith(folder) && !href.contains("..") && (href.endsWith("/") || href.endsWith(".html"))) {
					pages.push(href);
				}
			}
		}
		return entries;
	}

	private HeadObjectResponse head(String key) {
		try {
			return this.s3.headObject((r) -> r.bucket(this.bucket).key(key));
		}
		catch (S3Exception ex) {
			if (ex.statusCode() == 404) {
				return null;
			}
			throw ex;
		}
	}

	private String get(String key) {
		try {
			return this.s3.getObjectAsBytes((r) -> r.bucket(this.bucket).key(key)).asString(StandardCharsets.UTF_8);
		}
		catch (S3Exception ex) {
			if (ex.statusCode() == 404) {
				return null;
			}
			throw ex;
		}
	}

}

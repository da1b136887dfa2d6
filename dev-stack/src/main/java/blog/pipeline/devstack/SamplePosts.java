package blog.pipeline.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The sample posts the dev stack submits through the editor API on first start: six posts by one author, in the shape
 * of the blog's "All Posts By" page (title, cover image with alt text, teaser paragraphs before {@code <!--more-->}).
 */
final class SamplePosts {

	static final String AUTHOR_ID = "camille-durand";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final List<ObjectNode> drafts;

	private SamplePosts(List<ObjectNode> drafts) {
		this.drafts = drafts;
	}

	/** Loads the drafts, pointing their cover images at the edge, where the dev stack uploads them. */
	static SamplePosts load(URI siteUrl) {
		try (InputStream in = SamplePosts.class.getResourceAsStream("/samples/posts.json")) {
			JsonNode root = JSON.readTree(in);
			List<ObjectNode> drafts = new ArrayList<>();
			for (JsonNode node : root) {
				ObjectNode draft = (ObjectNode) node;
				ObjectNode cover = (ObjectNode) draft.get("coverImage");
				cover.put("url", siteUrl.resolve(cover.get("url").asString()).toString());
				drafts.add(draft);
			}
			return new SamplePosts(drafts);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read the sample posts", ex);
		}
	}

	int size() {
		return this.drafts.size();
	}

	/** The cover images to upload: bucket key to SVG content, one per post, made from its alt text. */
	List<Cover> covers() {
		List<Cover> covers = new ArrayList<>();
		String[] palette = { "#2f6f5e", "#8a4b2a", "#3b5b92", "#6b3f7a", "#9a7b1c", "#2a6c8a" };
		for (int i = 0; i < this.drafts.size(); i++) {
			ObjectNode cover = (ObjectNode) this.drafts.get(i).get("coverImage");
			String path = URI.create(cover.get("url").asString()).getPath().substring(1);
			String alt = escapeXml(cover.get("alt").asString());
			String svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1200\" height=\"630\" viewBox=\"0 0 1200 630\">"
					+ "<rect width=\"1200\" height=\"630\" fill=\"" + palette[i % palette.length] + "\"/>"
					+ "<text x=\"600\" y=\"330\" font-family=\"sans-serif\" font-size=\"48\" fill=\"#fff\" "
					+ "text-anchor=\"middle\">" + alt + "</text></svg>";
			covers.add(new Cover(path, svg.getBytes(StandardCharsets.UTF_8)));
		}
		return covers;
	}

	/** Submits every draft through the editor API, in order, and returns the slugs the API assigned. */
	List<String> submit(HttpClient http, URI apiUrl, String token) {
		List<String> slugs = new ArrayList<>();
		for (ObjectNode draft : this.drafts) {
			HttpRequest request = HttpRequest.newBuilder(apiUrl)
				.timeout(Duration.ofSeconds(30))
				.header("Authorization", "Bearer " + token)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(draft)))
				.build();
			try {
				HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() != 202) {
					throw new DevStackException("The editor API refused a sample post (" + response.statusCode()
							+ "): " + response.body());
				}
				slugs.add(JSON.readTree(response.body()).get("slug").asString());
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not submit a sample post", ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new DevStackException("Interrupted while submitting sample posts", ex);
			}
		}
		return slugs;
	}

	private static String escapeXml(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
	}

	record Cover(String key, byte[] svg) {
	}

}

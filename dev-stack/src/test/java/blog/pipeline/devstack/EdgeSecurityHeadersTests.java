package blog.pipeline.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import blog.pipeline.stack.FreePorts;
import blog.pipeline.stack.S3ProxyServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both edges send readers the same security headers on every answer: the dev edge ({@link Edge}) on a real S3 server
 * for each kind of response it gives, and the compose edge's {@code deploy/edge/nginx.conf}, read as nginx reads it,
 * in every location, so the two cannot drift apart.
 */
class EdgeSecurityHeadersTests {

	private static final Path NGINX_CONF = Path.of("..").toAbsolutePath().normalize().resolve("deploy/edge/nginx.conf");

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@TempDir
	Path dataDir;

	@Test
	void theProposedPolicyIsTheOneBothEdgesSend() {
		assertThat(Edge.SECURITY_HEADERS).containsExactly(
				Map.entry("Content-Security-Policy", "default-src 'none'; img-src 'self' https: http: data:; "
						+ "style-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"),
				Map.entry("X-Content-Type-Options", "nosniff"),
				Map.entry("Referrer-Policy", "strict-origin-when-cross-origin"), Map.entry("X-Frame-Options", "DENY"));
	}

	@Test
	void everyKindOfAnswerOfTheDevEdgeCarriesTheSecurityHeaders() throws Exception {
		try (S3ProxyServer s3 = S3ProxyServer.start(this.dataDir, FreePorts.next(), "edge-access", "edge-secret");
				S3Client client = client(s3.endpoint(), s3.accessKey(), s3.secretKey());
				Edge edge = Edge.start(0, client, "blog")) {
			client.createBucket((bucket) -> bucket.bucket("blog"));
			put(client, "index.html", "text/html; charset=utf-8", "<!doctype html><title>Home</title>", Map.of());
			put(client, "posts/a/index.html", "text/html; charset=utf-8", "<!doctype html><title>A</title>", Map.of());
			put(client, "posts/old/index.html", "text/html; charset=utf-8", "<!doctype html><title>Moved</title>",
					Map.of("redirect-location", "/posts/a/"));
			put(client, "404.html", "text/html; charset=utf-8", "<!doctype html><title>Not found</title>", Map.of());
			put(client, "feed.xml", "application/atom+xml", "<feed xmlns=\"http://www.w3.org/2005/Atom\"/>", Map.of());
			put(client, "sitemap.xml", "application/xml", "<urlset/>", Map.of());
			put(client, "assets/site-0.css", "text/css", "body{margin:0}", Map.of());
			URI site = URI.create("http://127.0.0.1:" + edge.port() + "/");

			HttpResponse<String> home = get(site, "GET", "/", Map.of());
			String etag = home.headers().firstValue("ETag").orElseThrow();
			Map<String, HttpResponse<String>> answers = new LinkedHashMap<>();
			answers.put("home page 200", home);
			answers.put("post page 200", get(site, "GET", "/posts/a/", Map.of()));
			answers.put("feed 200", get(site, "GET", "/feed.xml", Map.of()));
			answers.put("sitemap 200", get(site, "GET", "/sitemap.xml", Map.of()));
			answers.put("stylesheet 200", get(site, "GET", "/assets/site-0.css", Map.of()));
			answers.put("HEAD 200", get(site, "HEAD", "/", Map.of()));
			answers.put("not modified 304", get(site, "GET", "/", Map.of("If-None-Match", etag)));
			answers.put("redirect object 301", get(site, "GET", "/posts/old/", Map.of()));
			answers.put("folder without slash 301", get(site, "GET", "/posts/a", Map.of()));
			answers.put("not found 404", get(site, "GET", "/posts/nothing-here/", Map.of()));
			answers.put("bad path 400", get(site, "GET", "/posts/%2e%2e/secret", Map.of()));
			answers.put("method 405", get(site, "POST", "/", Map.of()));
			try (S3Client gone = client(URI.create("http://127.0.0.1:" + FreePorts.next()), "x", "y");
					Edge broken = Edge.start(0, gone, "blog")) {
				answers.put("bucket unreachable 502",
						get(URI.create("http://127.0.0.1:" + broken.port() + "/"), "GET", "/", Map.of()));
			}

			answers.forEach((kind, response) -> {
				// each kind names the status it must have last
				assertThat(kind).as("%s: %s", kind, response.body()).endsWith(" " + response.statusCode());
				Edge.SECURITY_HEADERS.forEach((name, value) -> assertThat(response.headers().allValues(name))
					.as("%s on the %s", name, kind)
					.containsExactly(value));
			});
		}
	}

	@Test
	void theComposeEdgeSetsExactlyTheDevEdgesSecurityHeadersInEveryLocation() throws IOException {
		Block config = NginxConfig.parse(Files.readString(NGINX_CONF));
		Block server = config.only("server");
		List<Block> locations = server.all("location");
		assertThat(locations).extracting(Block::arguments)
			.containsExactlyInAnyOrder(List.of("/"), List.of("=", "/404.html"));

		for (Block location : locations) {
			Map<String, String> security = new LinkedHashMap<>();
			for (List<String> header : location.directives("add_header")) {
				assertThat(header).as("add_header %s in location %s", header, location.arguments())
					.hasSize(3)
					.endsWith("always");
				if (!header.get(0).equals("X-Cache-Status")) {
					assertThat(security.put(header.get(0), header.get(1))).as("%s set twice", header.get(0)).isNull();
				}
			}
			assertThat(security).as("security headers of location %s", location.arguments())
				.containsExactlyInAnyOrderEntriesOf(Edge.SECURITY_HEADERS);
			// a proxy_hide_header of its own would drop those of the server
			assertThat(location.directives("proxy_hide_header")).isEmpty();
		}
		assertThat(locations.get(0).directives("add_header")).as("the cache status is still reported")
			.contains(List.of("X-Cache-Status", "$upstream_cache_status", "always"));
		// MinIO's own policy and headers never reach readers next to the edge's
		assertThat(server.directives("proxy_hide_header")).extracting((hidden) -> hidden.get(0))
			.containsAll(Edge.SECURITY_HEADERS.keySet());
		assertThat(server.directives("add_header")).as("inherited by no location that adds its own").isEmpty();
		assertThat(config.directives("add_header")).isEmpty();
	}

	@Test
	void theConfigReaderReadsQuotesCommentsAndBlocksAsNginxDoes() {
		Block config = NginxConfig.parse("""
				# a comment with "quotes" and { braces
				server {
				    location / { add_header A "x; 'y' # not a comment" always; add_header B 'z' always; }
				}
				""");
		assertThat(config.only("server").only("location").directives("add_header"))
			.containsExactly(List.of("A", "x; 'y' # not a comment", "always"), List.of("B", "z", "always"));
	}

	private HttpResponse<String> get(URI site, String method, String path, Map<String, String> headers)
			throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(site.resolve(path.substring(1)))
			.timeout(Duration.ofSeconds(30))
			.method(method, HttpRequest.BodyPublishers.noBody());
		headers.forEach(request::header);
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static void put(S3Client client, String key, String type, String body, Map<String, String> metadata) {
		client.putObject((put) -> put.bucket("blog")
			.key(key)
			.contentType(type)
			.cacheControl("public, max-age=60")
			.metadata(metadata), RequestBody.fromString(body));
	}

	private static S3Client client(URI endpoint, String accessKey, String secretKey) {
		return S3Client.builder()
			.endpointOverride(endpoint)
			.region(Region.US_EAST_1)
			.forcePathStyle(true)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
			.build();
	}

	/** A block of nginx's configuration: its name and arguments, its simple directives and its nested blocks. */
	record Block(String name, List<String> arguments, List<List<String>> simple, List<Block> blocks) {

		/** The arguments of each simple directive of that name in this block itself (not nested blocks). */
		List<List<String>> directives(String directive) {
			return this.simple.stream()
				.filter((words) -> words.get(0).equals(directive))
				.map((words) -> words.subList(1, words.size()))
				.toList();
		}

		List<Block> all(String block) {
			return this.blocks.stream().filter((nested) -> nested.name().equals(block)).toList();
		}

		Block only(String block) {
			List<Block> found = all(block);
			assertThat(found).as("%s blocks in %s", block, this.name).hasSize(1);
			return found.get(0);
		}

	}

	/** Reads nginx's configuration syntax: words, quoted strings, {@code #} comments, {@code ;} and blocks. */
	static final class NginxConfig {

		private final List<String> tokens;

		private int next;

		private NginxConfig(List<String> tokens) {
			this.tokens = tokens;
		}

		static Block parse(String text) {
			NginxConfig reader = new NginxConfig(tokens(text));
			Block main = reader.block("main", List.of());
			assertThat(reader.next).as("unbalanced }").isEqualTo(reader.tokens.size());
			return main;
		}

		private Block block(String name, List<String> arguments) {
			List<List<String>> simple = new ArrayList<>();
			List<Block> blocks = new ArrayList<>();
			List<String> words = new ArrayList<>();
			while (this.next < this.tokens.size()) {
				String token = this.tokens.get(this.next++);
				switch (token) {
					case "\0;" -> {
						simple.add(List.copyOf(words));
						words.clear();
					}
					case "\0{" -> {
						blocks.add(block(words.get(0), List.copyOf(words.subList(1, words.size()))));
						words.clear();
					}
					case "\0}" -> {
						assertThat(words).as("directive without ; before }").isEmpty();
						return new Block(name, arguments, simple, blocks);
					}
					default -> words.add(token);
				}
			}
			assertThat(words).as("directive without ; at the end").isEmpty();
			assertThat(name).as("block without }").isEqualTo("main");
			return new Block(name, arguments, simple, blocks);
		}

		/** Words and quoted strings as their text; {@code ; { }} as themselves after a NUL, so no string is one. */
		private static List<String> tokens(String text) {
			List<String> tokens = new ArrayList<>();
			int i = 0;
			while (i < text.length()) {
				char c = text.charAt(i);
				if (Character.isWhitespace(c)) {
					i++;
				}
				else if (c == '#') {
					while (i < text.length() && text.charAt(i) != '\n') {
						i++;
					}
				}
				else if (c == ';' || c == '{' || c == '}') {
					tokens.add("\0" + c);
					i++;
				}
				else if (c == '"' || c == '\'') {
					StringBuilder word = new StringBuilder();
					i++;
					while (text.charAt(i) != c) {
						if (text.charAt(i) == '\\') {
							i++;
						}
						word.append(text.charAt(i++));
					}
					tokens.add(word.toString());
					i++;
				}
				else {
					int start = i;
					while (i < text.length() && !Character.isWhitespace(text.charAt(i))
							&& ";{}".indexOf(text.charAt(i)) < 0) {
						i++;
					}
					tokens.add(text.substring(start, i));
				}
			}
			return tokens;
		}

	}

}

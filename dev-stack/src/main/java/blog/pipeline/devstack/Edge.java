package blog.pipeline.devstack;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * A CDN-like edge in front of the bucket, for the local run: serves objects as they are, maps {@code /x/} to
 * {@code x/index.html}, passes {@code Content-Type}, {@code Cache-Control} and {@code ETag}, answers
 * {@code If-None-Match} with 304 and unknown paths with the bucket's {@code 404.html}. Every response carries
 * {@link #SECURITY_HEADERS}, as the compose edge's ({@code deploy/edge/nginx.conf}) do.
 */
public final class Edge implements AutoCloseable {

	/**
	 * What the site's pages may load, checked against every kind of page the pipeline writes: they run no script and
	 * have no inline style (the post body's sanitizer keeps neither {@code script} nor {@code style} nor any
	 * {@code style} attribute), link the one content-hashed stylesheet of their own origin ({@code /assets/site-*.css},
	 * which imports nothing and loads no font), and show cover and body images from anywhere on the web (authors link
	 * them by absolute http(s) URL). Feeds and sitemaps are XML and load nothing; opened in Chromium, a sitemap (XML
	 * without a stylesheet) shows in the browser's own XML viewer, whose inline styling the policy blocks, so it shows
	 * as unstyled text: crawlers, its readers, ignore CSP, and allowing inline styles on every page for it would undo
	 * most of {@code style-src 'self'}. {@code data:} images are allowed as proposed, though no page writes one
	 * today (the sanitizer keeps http(s) images only). The redirect page's
	 * {@code <meta http-equiv="refresh">} is a navigation, which no CSP directive governs, so it still works. No page
	 * has a form, a frame, a {@code <base>} or a reason to be framed.
	 */
	public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; img-src 'self' https: http: data:; "
			+ "style-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

	/**
	 * The headers every response of the edge carries, whatever its status: the CSP above, no MIME sniffing (a
	 * crafted object served as text is never run as a script or a page), the referrer cut to the origin on the way
	 * out, and {@code X-Frame-Options} for browsers that predate {@code frame-ancestors}. The compose edge sets the
	 * same (EdgeSecurityHeadersTests holds the two together).
	 */
	public static final Map<String, String> SECURITY_HEADERS = securityHeaders();

	private static final Logger log = LoggerFactory.getLogger(Edge.class);

	private final HttpServer server;

	private final ExecutorService executor;

	private final S3Client s3;

	private final String bucket;

	private Edge(HttpServer server, ExecutorService executor, S3Client s3, String bucket) {
		this.server = server;
		this.executor = executor;
		this.s3 = s3;
		this.bucket = bucket;
	}

	/** Starts the edge on {@code port} (all interfaces), serving {@code bucket} through {@code s3}. */
	public static Edge start(int port, S3Client s3, String bucket) {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(port), 64);
			ExecutorService executor = Executors.newFixedThreadPool(16);
			Edge edge = new Edge(server, executor, s3, bucket);
			server.createContext("/", edge::handle);
			server.setExecutor(executor);
			server.start();
			return edge;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the edge on port " + port, ex);
		}
	}

	private static Map<String, String> securityHeaders() {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
		headers.put("X-Content-Type-Options", "nosniff");
		headers.put("Referrer-Policy", "strict-origin-when-cross-origin");
		headers.put("X-Frame-Options", "DENY");
		return Collections.unmodifiableMap(headers);
	}

	public int port() {
		return this.server.getAddress().getPort();
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	private void handle(HttpExchange exchange) throws IOException {
		// set first, so that every answer below (errors and 304 included) carries them
		SECURITY_HEADERS.forEach(exchange.getResponseHeaders()::set);
		try {
			String method = exchange.getRequestMethod();
			if (!method.equals("GET") && !method.equals("HEAD")) {
				exchange.getResponseHeaders().set("Allow", "GET, HEAD");
				sendText(exchange, 405, "Method not allowed");
				return;
			}
			Optional<String> key = objectKey(exchange.getRequestURI());
			if (key.isEmpty()) {
				sendText(exchange, 400, "Bad path");
				return;
			}
			serve(exchange, key.get());
		}
		catch (RuntimeException ex) {
			log.warn("Edge failed on {}: {}", exchange.getRequestURI(), ex.toString());
			sendText(exchange, 502, "Bad gateway: the bucket did not answer");
		}
		finally {
			exchange.close();
		}
	}

	/** The bucket key for a request path, or empty when the path could escape the bucket's folders. */
	static Optional<String> objectKey(URI uri) {
		String path = uri.getPath();
		if (path == null || !path.startsWith("/") || path.contains("\\")) {
			return Optional.empty();
		}
		for (String segment : path.split("/")) {
			if (segment.equals("..") || segment.equals(".")) {
				return Optional.empty();
			}
		}
		String key = path.substring(1);
		return Optional.of((key.isEmpty() || key.endsWith("/")) ? key + "index.html" : key);
	}

	private void serve(HttpExchange exchange, String key) throws IOException {
		String ifNoneMatch = exchange.getRequestHeaders().getFirst("If-None-Match");
		ResponseBytes<GetObjectResponse> object;
		try {
			object = this.s3.getObjectAsBytes((request) -> request.bucket(this.bucket).key(key));
		}
		catch (NoSuchKeyException ex) {
			notFound(exchange, key);
			return;
		}
		catch (S3Exception ex) {
			if (ex.statusCode() == 404) {
				notFound(exchange, key);
				return;
			}
			throw ex;
		}
		GetObjectResponse response = object.response();
		var headers = exchange.getResponseHeaders();
		String redirect = redirectLocation(response);
		if (redirect != null) {
			// S3 website hosting answers these keys with a redirect; CloudFront and the compose edge do likewise.
			headers.set("Location", redirect);
			headers.set("Cache-Control", (response.cacheControl() != null) ? response.cacheControl() : "public, max-age=60");
			sendText(exchange, 301, "Moved permanently to " + redirect);
			return;
		}
		if (response.contentType() != null) {
			headers.set("Content-Type", response.contentType());
		}
		if (response.cacheControl() != null) {
			headers.set("Cache-Control", response.cacheControl());
		}
		if (response.eTag() != null) {
			headers.set("ETag", response.eTag());
		}
		if (response.lastModified() != null) {
			headers.set("Last-Modified",
					DateTimeFormatter.RFC_1123_DATE_TIME.format(response.lastModified().atOffset(ZoneOffset.UTC)));
		}
		if (ifNoneMatch != null && response.eTag() != null && matches(ifNoneMatch, response.eTag())) {
			exchange.sendResponseHeaders(304, -1);
			return;
		}
		send(exchange, 200, object.asByteArray());
	}

	/**
	 * Where the object redirects to: S3's {@code x-amz-website-redirect-location}, or the same in user metadata for
	 * servers that do not store it (S3Proxy). Only site paths, so the bucket cannot send readers elsewhere.
	 */
	static String redirectLocation(GetObjectResponse response) {
		String location = (response.websiteRedirectLocation() != null) ? response.websiteRedirectLocation()
				: response.metadata().get("redirect-location");
		return (location != null && location.startsWith("/") && !location.startsWith("//")) ? location : null;
	}

	private static boolean matches(String ifNoneMatch, String etag) {
		if (ifNoneMatch.trim().equals("*")) {
			return true;
		}
		String bare = etag.replaceFirst("^W/", "");
		for (String candidate : ifNoneMatch.split(",")) {
			if (candidate.trim().replaceFirst("^W/", "").equals(bare)) {
				return true;
			}
		}
		return false;
	}

	private void notFound(HttpExchange exchange, String key) throws IOException {
		if (!key.endsWith("index.html") && !key.substring(key.lastIndexOf('/') + 1).contains(".")
				&& exists(key + "/index.html")) {
			exchange.getResponseHeaders().set("Location", exchange.getRequestURI().getPath() + "/");
			sendText(exchange, 301, "Moved permanently");
			return;
		}
		try {
			ResponseBytes<GetObjectResponse> page = this.s3
				.getObjectAsBytes((request) -> request.bucket(this.bucket).key("404.html"));
			exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
			exchange.getResponseHeaders().set("Cache-Control", "public, max-age=60");
			send(exchange, 404, page.asByteArray());
		}
		catch (S3Exception ex) {
			sendText(exchange, 404, "Not found");
		}
	}

	private boolean exists(String key) {
		try {
			this.s3.headObject((request) -> request.bucket(this.bucket).key(key));
			return true;
		}
		catch (S3Exception ex) {
			return false;
		}
	}

	private static void sendText(HttpExchange exchange, int status, String text) throws IOException {
		exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
		send(exchange, status, text.getBytes(StandardCharsets.UTF_8));
	}

	private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
		boolean head = exchange.getRequestMethod().equals("HEAD");
		exchange.sendResponseHeaders(status, head ? -1 : (body.length == 0 ? -1 : body.length));
		if (!head && body.length > 0) {
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		}
	}

}

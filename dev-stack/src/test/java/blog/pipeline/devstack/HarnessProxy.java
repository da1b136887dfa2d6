package blog.pipeline.devstack;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import blog.pipeline.render.xss.XssBrowserHarness;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the browser harness into the edge's pages on their way to the browser: a pass-through HTTP proxy in front of
 * the edge that forwards status, {@code Content-Type}, {@code Cache-Control} and {@code Location} as the edge sent them
 * and adds only the harness script right after {@code <head>} of HTML responses. It also serves pages of its own under
 * {@code /__xss/} (the batch pages, the controls), so every page is of one origin and the batch page can read each
 * frame's markers.
 */
final class HarnessProxy implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(HarnessProxy.class);

	private static final List<String> FORWARDED = List.of("Content-Type", "Cache-Control", "Location");

	private final HttpServer server;

	private final ExecutorService executor = Executors.newFixedThreadPool(8);

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final URI edge;

	private final Map<String, String> ownPages = new ConcurrentHashMap<>();

	HarnessProxy(URI edge, int port) {
		this.edge = edge;
		try {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the harness proxy on port " + port, ex);
		}
		this.server.createContext("/", this::handle);
		this.server.setExecutor(this.executor);
		this.server.start();
	}

	/** The proxy's URL for a site path; 127.0.0.1, as the test browser resolves no host name. */
	URI url(String path) {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + path);
	}

	/** Serves {@code html}, a page under test, with the harness at {@code /__xss/{name}} and returns that path. */
	String servePage(String name, String html) {
		return serveAsIs(name, XssBrowserHarness.inject(html));
	}

	/** Serves {@code html} as is (a batch page) at {@code /__xss/{name}} and returns that path. */
	String serveAsIs(String name, String html) {
		this.ownPages.put("/__xss/" + name, html);
		return "/__xss/" + name;
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try {
			String path = exchange.getRequestURI().getRawPath();
			String own = this.ownPages.get(path);
			if (own != null) {
				exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
				send(exchange, 200, own.getBytes(StandardCharsets.UTF_8));
			}
			else {
				passOn(exchange, path);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			exchange.sendResponseHeaders(503, -1);
		}
		catch (RuntimeException | Error ex) {
			// answered, so the browser never waits for a page that will not come; its frame then reports nothing
			log.error("Could not pass {} on", exchange.getRequestURI(), ex);
			exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
			send(exchange, 502, String.valueOf(ex).getBytes(StandardCharsets.UTF_8));
		}
		finally {
			exchange.close();
		}
	}

	private void passOn(HttpExchange exchange, String path) throws IOException, InterruptedException {
		String query = exchange.getRequestURI().getRawQuery();
		URI target = this.edge.resolve(path.substring(1) + ((query != null) ? "?" + query : ""));
		HttpResponse<byte[]> response = this.http.send(
				HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(10)).GET().build(),
				HttpResponse.BodyHandlers.ofByteArray());
		for (String header : FORWARDED) {
			response.headers()
				.firstValue(header)
				.ifPresent((value) -> exchange.getResponseHeaders().set(header, value));
		}
		byte[] body = response.body();
		String type = response.headers().firstValue("Content-Type").orElse("");
		if (type.startsWith("text/html")) {
			body = XssBrowserHarness.inject(new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
		}
		send(exchange, response.statusCode(), body);
	}

	private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
		exchange.sendResponseHeaders(status, (body.length == 0) ? -1 : body.length);
		if (body.length > 0) {
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		}
	}

}

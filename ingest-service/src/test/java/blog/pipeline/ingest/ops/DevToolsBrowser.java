package blog.pipeline.ingest.ops;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Debian's {@code chromium}, headless, driven over the DevTools protocol (a WebSocket), so a test can type into a
 * page, click and read the live DOM, which {@code --dump-dom} (render-service's browser tests) cannot. Each browser
 * gets a fresh profile.
 */
final class DevToolsBrowser implements AutoCloseable {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Process process;

	private final WebSocket socket;

	private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

	private final AtomicInteger ids = new AtomicInteger();

	private DevToolsBrowser(Process process, URI page) {
		this.process = process;
		this.socket = HttpClient.newHttpClient()
			.newWebSocketBuilder()
			.buildAsync(page, new Listener())
			.orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
			.join();
	}

	/** The browser on the {@code PATH} (or {@code /usr/bin/chromium}), if installed. */
	static Optional<Path> find() {
		String path = System.getenv().getOrDefault("PATH", "");
		return Stream.concat(Stream.of(path.split(File.pathSeparator)), Stream.of("/usr/bin"))
			.filter((directory) -> !directory.isEmpty())
			.map((directory) -> Path.of(directory, "chromium"))
			.filter(Files::isExecutable)
			.findFirst();
	}

	/** Starts the browser on a blank page and connects to that page. */
	static DevToolsBrowser start(Path executable, Path work) throws Exception {
		Path profile = Files.createTempDirectory(work, "profile-");
		List<String> command = List.of(executable.toString(), "--headless", "--no-sandbox", "--disable-gpu",
				"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--disable-extensions", "--remote-debugging-port=0", "--remote-allow-origins=*",
				"--user-data-dir=" + profile, "about:blank");
		Process process = new ProcessBuilder(command).redirectOutput(work.resolve("chromium.out").toFile())
			.redirectError(work.resolve("chromium.err").toFile())
			.start();
		try {
			int port = devToolsPort(profile.resolve("DevToolsActivePort"), process);
			HttpResponse<String> targets = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
						HttpResponse.BodyHandlers.ofString());
			for (JsonNode target : JSON.readTree(targets.body())) {
				if ("page".equals(target.path("type").asString(null))) {
					return new DevToolsBrowser(process, URI.create(target.get("webSocketDebuggerUrl").asString()));
				}
			}
			throw new IOException("chromium shows no page target: " + targets.body());
		}
		catch (Exception ex) {
			process.destroyForcibly();
			throw ex;
		}
	}

	/** The port chromium chose, from the file it writes into its profile once listening. */
	private static int devToolsPort(Path activePort, Process process) throws Exception {
		Instant deadline = Instant.now().plus(TIMEOUT);
		while (Instant.now().isBefore(deadline)) {
			if (!process.isAlive()) {
				throw new IOException("chromium exited with " + process.exitValue());
			}
			if (Files.exists(activePort)) {
				List<String> lines = Files.readAllLines(activePort);
				if (!lines.isEmpty() && !lines.get(0).isBlank()) {
					return Integer.parseInt(lines.get(0).strip());
				}
			}
			Thread.sleep(50);
		}
		throw new IOException("chromium did not open its DevTools port within " + TIMEOUT.toSeconds() + " s");
	}

	void navigate(String url) throws Exception {
		call("Page.navigate", Map.of("url", url));
	}

	/** Runs the expression in the page (awaiting a promise) and returns its value as JSON. */
	JsonNode evaluate(String expression) throws Exception {
		JsonNode result = call("Runtime.evaluate",
				Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
		if (result.has("exceptionDetails")) {
			throw new IllegalStateException("The page threw on " + expression + ": " + result.get("exceptionDetails"));
		}
		return result.at("/result/value");
	}

	private JsonNode call(String method, Map<String, Object> params) throws Exception {
		int id = this.ids.incrementAndGet();
		CompletableFuture<JsonNode> answer = new CompletableFuture<>();
		this.pending.put(id, answer);
		this.socket.sendText(JSON.writeValueAsString(Map.of("id", id, "method", method, "params", params)), true)
			.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		JsonNode message = answer.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		if (message.has("error")) {
			throw new IllegalStateException(method + " failed: " + message.get("error"));
		}
		return message.get("result");
	}

	@Override
	public void close() throws InterruptedException {
		this.socket.abort();
		this.process.destroy();
		if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
		}
	}

	/** Collects each message (possibly in parts) and completes the call it answers; events are ignored. */
	private final class Listener implements WebSocket.Listener {

		private final StringBuilder message = new StringBuilder();

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.message.append(data);
			if (last) {
				JsonNode received = JSON.readTree(this.message.toString());
				this.message.setLength(0);
				if (received.has("id")) {
					CompletableFuture<JsonNode> answer = DevToolsBrowser.this.pending.remove(received.get("id").asInt());
					if (answer != null) {
						answer.complete(received);
					}
				}
			}
			webSocket.request(1);
			return null;
		}

	}

}

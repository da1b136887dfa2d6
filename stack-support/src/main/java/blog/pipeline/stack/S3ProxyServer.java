package blog.pipeline.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * S3Proxy ({@code org.gaul:s3proxy} jar-with-dependencies) as its own JVM, with a filesystem backend: a real S3 server
 * that speaks AWS signature v2 and v4. Buckets are folders under {@code dataDir/buckets}.
 */
public final class S3ProxyServer extends ServerProcess {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final int port;

	private final String accessKey;

	private final String secretKey;

	private S3ProxyServer(List<String> command, Path logFile, int port, String accessKey, String secretKey) {
		super("s3proxy", command, logFile, Map.of());
		this.port = port;
		this.accessKey = accessKey;
		this.secretKey = secretKey;
	}

	/**
	 * Starts S3Proxy on {@code 127.0.0.1:port}, keeping buckets under {@code dataDir}, and waits until it answers.
	 */
	public static S3ProxyServer start(Path dataDir, int port, String accessKey, String secretKey) {
		try {
			Path buckets = Files.createDirectories(dataDir.resolve("buckets"));
			Path properties = dataDir.resolve("s3proxy.properties");
			Files.writeString(properties, String.join("\n", "s3proxy.endpoint=http://127.0.0.1:" + port,
					"s3proxy.authorization=aws-v2-or-v4", "s3proxy.identity=" + accessKey,
					"s3proxy.credential=" + secretKey, "jclouds.provider=filesystem",
					"jclouds.filesystem.basedir=" + buckets.toAbsolutePath(), ""));
			List<String> command = javaCommand(jar(), List.of("-Xmx512m", "-XX:+UseSerialGC"),
					"org.gaul.s3proxy.Main", List.of("--properties", properties.toAbsolutePath().toString()));
			S3ProxyServer server = new S3ProxyServer(command, dataDir.resolve("s3proxy.log"), port, accessKey,
					secretKey);
			server.awaitReady(server::answers, Duration.ofSeconds(60));
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not prepare S3Proxy in " + dataDir, ex);
		}
	}

	/** The path of the S3Proxy jar: {@code S3PROXY_JAR} if set, else the one the build located. */
	static String jar() {
		String override = System.getenv("S3PROXY_JAR");
		return (override != null && !override.isBlank()) ? override : buildSetting("s3proxy.jar");
	}

	public URI endpoint() {
		return URI.create("http://127.0.0.1:" + this.port);
	}

	public int port() {
		return this.port;
	}

	public String accessKey() {
		return this.accessKey;
	}

	public String secretKey() {
		return this.secretKey;
	}

	private boolean answers() {
		if (!isListening("127.0.0.1", this.port)) {
			return false;
		}
		try {
			HttpResponse<Void> response = HTTP.send(
					HttpRequest.newBuilder(endpoint()).timeout(Duration.ofSeconds(2)).GET().build(),
					HttpResponse.BodyHandlers.discarding());
			// Unsigned requests are refused: 403 proves the S3 front end is serving.
			return response.statusCode() == 403 || response.statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}

package blog.pipeline.reliability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An editor that never gives up on a change it sent: every request carries an {@code Idempotency-Key}, and a request
 * whose outcome is unknown (service down, 503, connection reset) is sent again with the same key until it is answered.
 */
final class EditorClient {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final URI api;

	private final String token;

	final AtomicInteger retries = new AtomicInteger();

	final AtomicInteger unavailable = new AtomicInteger();

	EditorClient(URI api, String token) {
		this.api = api;
		this.token = token;
	}

	/** The accepted answer's body (202), after as many tries as it takes within two minutes. */
	JsonNode send(String method, String path, String body) {
		String key = UUID.randomUUID().toString();
		long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
		while (true) {
			try {
				HttpRequest.Builder request = HttpRequest.newBuilder(this.api.resolve(path))
					.timeout(Duration.ofSeconds(15))
					.header("Authorization", "Bearer " + this.token)
					.header("Idempotency-Key", key)
					.header("Content-Type", "application/json")
					.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(body)
							: HttpRequest.BodyPublishers.noBody());
				HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() == 202) {
					return JSON.readTree(response.body());
				}
				if (response.statusCode() == 503) {
					this.unavailable.incrementAndGet();
				}
				else if (response.statusCode() < 500) {
					throw new IllegalStateException(method + " " + path + " was refused with " + response.statusCode()
							+ ": " + response.body());
				}
			}
			catch (IOException ex) {
				// the service is down or restarting: the outcome is unknown, so the same key goes again
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted", ex);
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(method + " " + path + " was not accepted within two minutes");
			}
			this.retries.incrementAndGet();
			sleep(250);
		}
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

}

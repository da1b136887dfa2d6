package blog.pipeline.render;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With no broker behind the bootstrap address the instance is alive but not ready: readiness (which includes the
 * Kafka contributor) is down, liveness stays up, so an orchestrator stops routing to it instead of restarting it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.kafka.admin.auto-create=false", "pipeline.operations.probe-timeout=500ms",
				"logging.level.org.apache.kafka=ERROR", "logging.level.org.springframework.kafka=ERROR" })
class KafkaUnreachableReadinessTests {

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void closedBrokerPort(DynamicPropertyRegistry properties) throws IOException {
		int closed;
		try (ServerSocket socket = new ServerSocket(0)) {
			closed = socket.getLocalPort();
		}
		properties.add("spring.kafka.bootstrap-servers", () -> "127.0.0.1:" + closed);
	}

	@Test
	void readinessIsDownAndLivenessUpWhenTheBrokerIsUnreachable() throws Exception {
		HttpResponse<String> readiness = get("/actuator/health/readiness");
		HttpResponse<String> liveness = get("/actuator/health/liveness");

		assertThat(readiness.statusCode()).isEqualTo(503);
		assertThat(readiness.body()).contains("\"DOWN\"");
		assertThat(liveness.statusCode()).isEqualTo(200);
		assertThat(liveness.body()).contains("\"UP\"");
	}

	private HttpResponse<String> get(String path) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
					HttpResponse.BodyHandlers.ofString());
	}

}

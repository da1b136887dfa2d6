package blog.pipeline.ingest;

import java.time.Duration;

import blog.pipeline.stack.FreePorts;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With no broker listening, a draft is refused with 503 within seconds, never accepted, and the instance is unready.
 * A mock web environment starts no management server of its own, so the actuator stays on the server's port here
 * (MockMvc); AbstractDraftSubmissionTests checks the separate management port on real servers.
 */
@SpringBootTest(
		properties = { "spring.kafka.admin.auto-create=false", "pipeline.security.editor-tokens=integration:integration-token",
				"pipeline.ingest.state-startup-wait=0s", "management.server.port=${server.port}" })
@AutoConfigureMockMvc
class KafkaUnavailableTests {

	@Autowired
	private MockMvcTester mvc;

	@DynamicPropertySource
	static void kafkaOnAClosedPort(DynamicPropertyRegistry registry) {
		int closedPort = FreePorts.next();
		registry.add("spring.kafka.bootstrap-servers", () -> "127.0.0.1:" + closedPort);
	}

	@Test
	void answers503WithRetryAfterWithinSecondsWhenKafkaIsUnreachable() {
		long start = System.nanoTime();
		MvcTestResult result = this.mvc.post()
			.uri("/api/posts")
			.header(HttpHeaders.AUTHORIZATION, "Bearer integration-token")
			.contentType(MediaType.APPLICATION_JSON)
			.content("""
					{"title": "Pela Case arrives on the blog!", "author": {"id": "maria-sanda", "name": "Maria Sanda"},
					 "bodyMarkdown": "Teaser paragraph."}
					""")
			.exchange();
		Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

		assertThat(result).hasStatus(HttpStatus.SERVICE_UNAVAILABLE)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.hasHeader(HttpHeaders.RETRY_AFTER, "5");
		assertThat(result).bodyJson().extractingPath("$.status").isEqualTo(503);
		assertThat(elapsed).isLessThan(Duration.ofSeconds(8));
	}

	@Test
	void isNotReadyButStaysAliveWhileKafkaIsUnreachable() {
		assertThat(this.mvc.get().uri("/actuator/health/readiness").exchange())
			.hasStatus(HttpStatus.SERVICE_UNAVAILABLE)
			.bodyJson()
			.extractingPath("$.status")
			.isEqualTo("DOWN");
		assertThat(this.mvc.get().uri("/actuator/health/liveness").exchange()).hasStatus(HttpStatus.OK)
			.bodyJson()
			.extractingPath("$.status")
			.isEqualTo("UP");
	}

}

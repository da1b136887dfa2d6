package blog.pipeline.ingest.ops;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import blog.pipeline.events.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The ops page in headless Chromium against the running service: it shows nothing until the operator gives the ops
 * token, then the post just submitted with its stage, and a click on a dead letter's re-drive button sends the
 * record back to its topic and takes the letter off the list. Skipped where no {@code chromium} is installed.
 */
@OpsIntegrationTest
class OpsPageBrowserTests {

	@Value("${spring.embedded.kafka.brokers}")
	private String brokers;

	@LocalServerPort
	private int port;

	private OpsFixture fixture;

	private Path chromium;

	@BeforeAll
	void connect() {
		Optional<Path> executable = DevToolsBrowser.find();
		assumeThat(executable).as("a chromium executable on the PATH (apt-get install chromium)").isPresent();
		this.chromium = executable.get();
		this.fixture = new OpsFixture(this.brokers, this.port);
	}

	@AfterAll
	void disconnect() {
		if (this.fixture != null) {
			this.fixture.close();
		}
	}

	@Test
	void theOperatorSeesTheNewPostAndRedrivesADeadLetterWithAClick(@TempDir Path work) throws Exception {
		String title = "Browser post " + UUID.randomUUID();
		String postId = this.fixture.submit(title);
		String poisonedId = this.fixture.submit("Poisoned post " + UUID.randomUUID());
		this.fixture.deadLetter(this.fixture.read(Topics.POSTS_SUBMITTED, poisonedId),
				new IllegalStateException("render crashed"));
		JsonNode letter = this.fixture.listedLetter(poisonedId);
		String row = "#dead-letters tr[data-position=\"" + letter.get("topic").asString() + "/"
				+ letter.get("partition").asInt() + "/" + letter.get("offset").asLong() + "\"]";

		try (DevToolsBrowser browser = DevToolsBrowser.start(this.chromium, work)) {
			browser.navigate("http://localhost:" + this.port + "/ops/");
			await().atMost(Duration.ofSeconds(20))
				.until(() -> browser.evaluate("document.readyState === 'complete' && "
						+ "!document.getElementById('login').hidden").asBoolean());
			assertThat(browser.evaluate("document.getElementById('dashboard').hidden").asBoolean()).isTrue();
			assertThat(browser.evaluate("document.querySelectorAll('#posts tbody tr').length").asInt()).isZero();

			browser.evaluate("document.getElementById('token').value = '" + OpsFixture.OPS_TOKEN + "';"
					+ "document.querySelector('#login button').click(); true");

			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(browser
					.evaluate("(document.querySelector('#posts tr[data-post-id=\"" + postId + "\"]') || {}).textContent")
					.asString("")).contains(title).contains("accepted"));
			assertThat(browser.evaluate("document.querySelectorAll('#throughput tbody tr').length").asInt())
				.isEqualTo(15);
			assertThat(browser.evaluate("sessionStorage.getItem('pipeline.ops.token')").asString())
				.isEqualTo(OpsFixture.OPS_TOKEN);
			await().atMost(Duration.ofSeconds(20))
				.until(() -> browser.evaluate("!!document.querySelector('" + row.replace("'", "\\'") + "')")
					.asBoolean());
			assertThat(browser.evaluate("document.querySelector('" + row + "').textContent").asString())
				.contains("render crashed");

			browser.evaluate("document.querySelector('" + row + " button.redrive').click(); true");

			await().atMost(Duration.ofSeconds(20))
				.until(() -> !browser.evaluate("!!document.querySelector('" + row + "')").asBoolean());
		}
		assertThat(this.fixture.count(Topics.POSTS_SUBMITTED, poisonedId)).isEqualTo(2);
		assertThat(this.fixture.ops("GET", "/ops/dead-letters", 200).findValuesAsString("key"))
			.doesNotContain(poisonedId);
	}

}

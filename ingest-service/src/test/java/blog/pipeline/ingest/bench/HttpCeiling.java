package blog.pipeline.ingest.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import blog.pipeline.ingest.drafts.ParseOnlyDraftEndpoint;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.servlet.autoconfigure.HttpEncodingAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The HTTP layer alone, as the ceiling any HTTP API reaches on this machine with the benchmark's driver: Spring MVC on
 * Tomcat with Boot's auto-configuration of that web stack, started in the benchmark's JVM with ingest's
 * {@code application.yml} and the same command-line settings as ingest (so the same Tomcat threads, keep-alive and
 * Jackson settings), but without ingest's filters, observations, metrics and Kafka.
 */
final class HttpCeiling {

	/** Lets the component scans pick the endpoints up; ingest's own scan (test classes on its path) must not. */
	private static final String ENABLED = "ingest-bench.http-ceiling";

	private HttpCeiling() {
	}

	/** {@code POST /api/posts} reads the body as bytes and answers 202 with a small JSON. */
	static ConfigurableApplicationContext bare(List<String> settings) {
		return start(settings, BareEndpoint.class);
	}

	/** {@code POST /api/posts} parses the body into ingest's draft type and validates it ({@link ParseOnlyDraftEndpoint}). */
	static ConfigurableApplicationContext parsing(List<String> settings) {
		return start(settings, ParseOnlyDraftEndpoint.class);
	}

	private static ConfigurableApplicationContext start(List<String> settings, Class<?> endpoint) {
		List<String> args = new ArrayList<>(settings);
		args.add("--" + ENABLED + "=true");
		args.add("--" + ParseOnlyDraftEndpoint.ENABLED + "=true");
		return new SpringApplicationBuilder(WebStack.class, endpoint).run(args.toArray(String[]::new));
	}

	/** The web stack of ingest's auto-configuration, and nothing else. */
	@ImportAutoConfiguration({ PropertyPlaceholderAutoConfiguration.class,
			TomcatServletWebServerAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
			WebMvcAutoConfiguration.class, HttpEncodingAutoConfiguration.class,
			HttpMessageConvertersAutoConfiguration.class, JacksonAutoConfiguration.class,
			ValidationAutoConfiguration.class, ErrorMvcAutoConfiguration.class })
	static final class WebStack {

	}

	/** Reads the draft's bytes and answers 202, nothing else. */
	@RestController
	@ConditionalOnBooleanProperty(ENABLED)
	static final class BareEndpoint {

		@PostMapping("/api/posts")
		ResponseEntity<Answer> accept(@RequestBody byte[] body) {
			return ResponseEntity.accepted().body(new Answer(UUID.randomUUID().toString(), body.length));
		}

	}

	/** The bare endpoint's answer. */
	record Answer(String postId, int bytes) {

	}

}

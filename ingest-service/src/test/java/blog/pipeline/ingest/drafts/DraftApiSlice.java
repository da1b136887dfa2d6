package blog.pipeline.ingest.drafts;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import blog.pipeline.ingest.security.ApiSecurityConfiguration;
import blog.pipeline.ingest.progress.PipelineProgress;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import blog.pipeline.ingest.state.PostStateStore;
import blog.pipeline.ingest.state.RecordingStateLog;
import blog.pipeline.ingest.system.IngestProperties;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;

/**
 * The editors' API web layer (every controller but the operators', the token and size filters, problem details) with Kafka replaced by a
 * {@link RecordingStateLog} and a fixed clock. Test classes that carry this annotation share one application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
// the operators' endpoints (dead letters, ops page, full replay) need Kafka; their tests run on the embedded broker
@WebMvcTest(properties = "pipeline.security.editor-tokens=" + DraftApiSlice.TOKENS,
		excludeFilters = @ComponentScan.Filter(type = FilterType.REGEX,
				pattern = "blog\\.pipeline\\.ingest\\.(ops|replay)\\..*"))
@Import({ DraftApiSlice.Doubles.class, ApiSecurityConfiguration.class, DraftService.class, PostStateStore.class,
		PipelineProgress.class })
@interface DraftApiSlice {

	/** The editor tokens the slice accepts. */
	String TOKENS = "first-editor:first-editor-token, second-editor:second-editor-token, "
			+ "camille-desk:camille-desk-token:camille-durand+guest-writer";

	/** What the slice's clock always says. */
	Instant NOW = Instant.parse("2025-05-01T08:00:00Z");

	/** The fixed clock and the recording state log. */
	@TestConfiguration(proxyBeanMethods = false)
	@EnableConfigurationProperties(IngestProperties.class)
	class Doubles {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		Clock clock() {
			return Clock.fixed(NOW, ZoneOffset.UTC);
		}

		@Bean
		RecordingStateLog stateLog(PostStateStore store, IngestProperties properties) {
			store.markReady();
			return new RecordingStateLog(store, properties);
		}

	}

}

package blog.pipeline.ingest.ops;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.TestInstance;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.TestPropertySource;

/**
 * The whole ingest-service on a port of its own against the embedded broker, with known editor and ops tokens and
 * consumer groups of its own for render and publish; the classes that carry it share one context and broker.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "pipeline.topics.partitions=3", "pipeline.security.editor-tokens=ops-tests-editor:" + OpsFixture.EDITOR_TOKEN,
				"pipeline.security.ops-tokens=ops-tests-ops:" + OpsFixture.OPS_TOKEN, "pipeline.ops.render-group=" + OpsIntegrationTest.RENDER,
				"pipeline.ops.publish-group=" + OpsIntegrationTest.PUBLISH })
@EmbeddedKafka(brokerProperties = "auto.create.topics.enable=false")
@TestPropertySource(properties = "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@interface OpsIntegrationTest {

	/** The render group whose lag the ops page shows. */
	String RENDER = "ops-tests-render";

	/** The publish group whose lag the ops page shows. */
	String PUBLISH = "ops-tests-publish";

}

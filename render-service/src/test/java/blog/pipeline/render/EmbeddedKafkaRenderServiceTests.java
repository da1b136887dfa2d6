package blog.pipeline.render;

import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.TestPropertySource;

/**
 * The scenarios on Spring Kafka's embedded KRaft broker (a real broker in this JVM, random port); the service creates
 * its topics itself.
 */
@EmbeddedKafka(partitions = RenderServiceIntegrationTests.PARTITIONS,
		brokerProperties = "auto.create.topics.enable=false")
@TestPropertySource(properties = "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}")
class EmbeddedKafkaRenderServiceTests extends RenderServiceIntegrationTests {

}

package blog.pipeline.render;

import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

import org.springframework.boot.testcontainers.service.connection.ServiceConnection;

/** The scenarios on the Apache Kafka image; skipped where no Docker engine is available. */
@Testcontainers(disabledWithoutDocker = true)
class TestcontainersRenderServiceTests extends RenderServiceIntegrationTests {

	@Container
	@ServiceConnection
	static final KafkaContainer kafka = new KafkaContainer("apache/kafka:4.1.0");

}

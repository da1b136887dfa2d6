package blog.pipeline.ingest;

import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

import org.springframework.boot.testcontainers.service.connection.ServiceConnection;

/** The draft submission scenarios on a Kafka container; skipped where no Docker engine runs. */
@Testcontainers(disabledWithoutDocker = true)
class ContainerKafkaDraftSubmissionTests extends AbstractDraftSubmissionTests {

	@Container
	@ServiceConnection
	static final KafkaContainer kafka = new KafkaContainer("apache/kafka:4.1.1");

}

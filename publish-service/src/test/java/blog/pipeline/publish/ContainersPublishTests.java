package blog.pipeline.publish;

import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The publish scenarios on containers: Apache Kafka and MinIO. Skipped where there is no Docker engine. */
@Testcontainers(disabledWithoutDocker = true)
class ContainersPublishTests extends PublishScenarios {

	@Container
	@ServiceConnection
	static final KafkaContainer kafka = new KafkaContainer("apache/kafka:4.1.0");

	@Container
	static final MinIOContainer minio = new MinIOContainer("minio/minio:RELEASE.2023-09-04T19-57-37Z");

	@DynamicPropertySource
	static void bucket(DynamicPropertyRegistry registry) {
		registry.add("pipeline.s3.endpoint", minio::getS3URL);
		registry.add("pipeline.s3.access-key", minio::getUserName);
		registry.add("pipeline.s3.secret-key", minio::getPassword);
	}

}

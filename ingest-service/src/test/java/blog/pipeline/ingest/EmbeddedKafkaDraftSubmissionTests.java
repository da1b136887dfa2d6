package blog.pipeline.ingest;

import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.TestPropertySource;

/** The draft submission scenarios on the embedded KRaft broker, which, like production, never creates topics. */
@EmbeddedKafka(brokerProperties = "auto.create.topics.enable=false")
@TestPropertySource(properties = "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}")
class EmbeddedKafkaDraftSubmissionTests extends AbstractDraftSubmissionTests {

}

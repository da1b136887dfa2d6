package blog.pipeline.stack;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import static org.assertj.core.api.Assertions.assertThat;

/** The real servers start as processes, serve their protocol, and keep their data across a restart. */
class ServersTests {

	@TempDir
	Path dataDir;

	@Test
	void kafkaBrokerKeepsRecordsAcrossRestart() throws Exception {
		int port = FreePorts.next();
		int controllerPort = FreePorts.next();
		try (KafkaBrokerServer broker = KafkaBrokerServer.start(this.dataDir, port, controllerPort, 2)) {
			try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
				admin.createTopics(List.of(new NewTopic("probe", 2, (short) 1))).all().get();
			}
			try (KafkaProducer<String, String> producer = new KafkaProducer<>(
					Map.of("bootstrap.servers", broker.bootstrapServers(), "acks", "all"), new StringSerializer(),
					new StringSerializer())) {
				producer.send(new ProducerRecord<>("probe", "k", "v")).get();
			}
		}
		try (KafkaBrokerServer broker = KafkaBrokerServer.start(this.dataDir, port, controllerPort, 2);
				KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
						Map.of("bootstrap.servers", broker.bootstrapServers(), "group.id", "probe",
								"auto.offset.reset", "earliest"),
						new StringDeserializer(), new StringDeserializer())) {
			consumer.subscribe(List.of("probe"));
			String value = null;
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (value == null && System.nanoTime() < deadline) {
				ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
				if (!records.isEmpty()) {
					value = records.iterator().next().value();
				}
			}
			assertThat(value).isEqualTo("v");
		}
	}

	@Test
	void s3ProxyStoresObjectsWithTheirHeaders() {
		try (S3ProxyServer s3 = S3ProxyServer.start(this.dataDir, FreePorts.next(), "test-access", "test-secret");
				S3Client client = S3Client.builder()
					.endpointOverride(s3.endpoint())
					.region(Region.US_EAST_1)
					.forcePathStyle(true)
					.credentialsProvider(
							StaticCredentialsProvider.create(AwsBasicCredentials.create("test-access", "test-secret")))
					.build()) {
			client.createBucket((b) -> b.bucket("probe"));
			client.putObject((b) -> b.bucket("probe").key("a/index.html").contentType("text/html; charset=utf-8")
				.cacheControl("public, max-age=60"), RequestBody.fromString("<p>hi</p>"));
			var object = client.getObjectAsBytes((b) -> b.bucket("probe").key("a/index.html"));
			assertThat(object.asUtf8String()).isEqualTo("<p>hi</p>");
			// S3Proxy normalises the media type's spacing; the charset must survive.
			assertThat(object.response().contentType()).isEqualToIgnoringWhitespace("text/html; charset=utf-8");
			assertThat(object.response().cacheControl()).isEqualTo("public, max-age=60");
			assertThat(s3.endpoint()).isEqualTo(URI.create("http://127.0.0.1:" + s3.port()));
		}
	}

}

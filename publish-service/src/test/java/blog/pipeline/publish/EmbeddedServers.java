package blog.pipeline.publish;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import blog.pipeline.stack.FreePorts;
import blog.pipeline.stack.S3ProxyServer;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.util.FileSystemUtils;

/**
 * Starts the embedded KRaft broker and an S3Proxy server once for a test class, and stops them when the class is done
 * (after its Spring contexts are closed, so no application outlives its servers). The broker is not tied to one
 * application context, so a scenario can close the application and start another one on the same broker.
 */
final class EmbeddedServers implements BeforeAllCallback {

	static final String ACCESS_KEY = "test-access";

	static final String SECRET_KEY = "test-secret";

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(EmbeddedServers.class);

	private static EmbeddedKafkaKraftBroker broker;

	private static S3ProxyServer s3;

	private static Path s3Data;

	private static int s3Port;

	@Override
	public void beforeAll(ExtensionContext context) throws IOException {
		broker = new EmbeddedKafkaKraftBroker(1, 2);
		broker.brokerProperty("auto.create.topics.enable", "false");
		broker.brokerProperty("group.initial.rebalance.delay.ms", "0");
		// one broker: the transaction log must fit on it (render writes posts.rendered in transactions)
		broker.brokerProperty("transaction.state.log.replication.factor", "1");
		broker.brokerProperty("transaction.state.log.min.isr", "1");
		broker.afterPropertiesSet();
		s3Data = Files.createTempDirectory("publish-service-s3");
		s3Port = FreePorts.next();
		startS3();
		context.getStore(NAMESPACE).put("servers", (AutoCloseable) EmbeddedServers::stopAll);
	}

	static String bootstrapServers() {
		return broker.getBrokersAsString();
	}

	static String s3Endpoint() {
		return s3.endpoint().toString();
	}

	/** Starts S3Proxy on the class's port and data folder (again, after {@link #stopS3()}). */
	static void startS3() {
		s3 = S3ProxyServer.start(s3Data, s3Port, ACCESS_KEY, SECRET_KEY);
	}

	/** Stops S3Proxy, keeping its data: the bucket becomes unreachable. */
	static void stopS3() {
		s3.close();
	}

	private static void stopAll() throws IOException {
		try {
			s3.close();
			broker.destroy();
		}
		finally {
			FileSystemUtils.deleteRecursively(s3Data);
		}
	}

}

package blog.pipeline.stack;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The cluster id given to Kafka's storage tool on its command line. */
class KafkaClusterIdTests {

	@Test
	void clusterIdIsBase64urlOf16BytesAndNeverLooksLikeAnOption() {
		Set<String> ids = new HashSet<>();
		// one id in 64 would start with '-' without the check: 20,000 ids would hold about 300
		for (int i = 0; i < 20_000; i++) {
			String id = KafkaBrokerServer.newClusterId();
			assertThat(id).hasSize(22).matches("[A-Za-z0-9_-]+").doesNotStartWith("-");
			ids.add(id);
		}
		assertThat(ids).hasSize(20_000);
	}

}

package blog.pipeline.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The ACLs of {@code deploy/kafka/acls.txt}, which the compose init container applies, on a real broker set up as in
 * docker-compose.yml (SASL/SCRAM-SHA-512 for clients, the StandardAuthorizer, nothing allowed without an ACL): each
 * service's user can do what its code does, and no more; a client without valid credentials gets nothing. One broker
 * for the class; each test writes records with keys of its own.
 */
class KafkaAclsTests {

	private static final Path ACLS = Path.of("..").toAbsolutePath().normalize().resolve("deploy/kafka/acls.txt");

	/** The services' users, the re-drive user, a stranger with valid credentials and no ACL, and the admin. */
	private static final Map<String, String> PASSWORDS = new LinkedHashMap<>();

	@TempDir
	static Path dataDir;

	private static KafkaBrokerServer broker;

	@BeforeAll
	static void startBrokerAndApplyTheAclFile() throws Exception {
		for (String user : List.of("admin", "ingest", "ingest-redrive", "render", "publish", "stranger")) {
			PASSWORDS.put(user, UUID.randomUUID().toString().replace("-", ""));
		}
		broker = KafkaBrokerServer.startWithScram(dataDir, FreePorts.next(), FreePorts.next(), FreePorts.next(), 1,
				PASSWORDS);
		List<AclBinding> acls = KafkaAclFile.read(ACLS);
		try (Admin admin = Admin.create(client("admin"))) {
			admin.createAcls(acls).all().get(30, TimeUnit.SECONDS);
			admin.createTopics(topics(acls).stream().map((topic) -> new NewTopic(topic, 1, (short) 1)).toList())
				.all()
				.get(30, TimeUnit.SECONDS);
		}
	}

	@AfterAll
	static void stopBroker() {
		if (broker != null) {
			broker.close();
		}
	}

	@Test
	void ingestWritesPostsSubmittedAndItsStateInOneTransaction() throws Exception {
		String key = key();
		try (KafkaProducer<String, String> producer = producer("ingest", "ingest-state-writer")) {
			producer.initTransactions();
			producer.beginTransaction();
			producer.send(new ProducerRecord<>("posts.submitted", key, "submitted"));
			producer.send(new ProducerRecord<>("ingest.state", key, "state"));
			producer.commitTransaction();
		}
		assertThat(readAs("ingest", null, "posts.submitted", key)).isEqualTo("submitted");
		assertThat(readAs("ingest", null, "ingest.state", key)).isEqualTo("state");
	}

	@Test
	void renderReadsPostsSubmittedInItsGroupAndWritesPostsRenderedAndItsDeadLetters() throws Exception {
		String key = key();
		send("ingest", "posts.submitted", key);

		assertThat(readAs("render", "render-service", "posts.submitted", key)).isEqualTo("value");
		send("render", "posts.rendered", key);
		send("render", "posts.submitted.DLT", key);
		send("render", "posts.replay.DLT", key);
		assertThat(readAs("publish", "publish-service", "posts.rendered", key)).isEqualTo("value");
	}

	@Test
	void publishWritesPostsPublishedItsCatalogAndItsInternalTopics() throws Exception {
		String key = key();
		for (String topic : List.of("posts.published", "posts.catalog", "publish.author-index", "publish.site-index",
				"publish.author-index.DLT", "publish.site-index.DLT", "posts.rendered.DLT")) {
			send("publish", topic, key);
		}
		assertThat(readAs("publish", "publish-service.author-index", "publish.author-index", key)).isEqualTo("value");
		assertThat(readAs("publish", "publish-service.site", "publish.site-index", key)).isEqualTo("value");
		assertThat(readAs("publish", null, "posts.catalog", key)).isEqualTo("value");
		// ingest follows what publish announces (post status) and the dead letters (ops page)
		assertThat(readAs("ingest", null, "posts.published", key)).isEqualTo("value");
		assertThat(readAs("ingest", null, "publish.site-index.DLT", key)).isEqualTo("value");
	}

	@Test
	void onlyIngestWritesPostsSubmitted() {
		assertThat(sendFailure("render", "posts.submitted")).isInstanceOf(TopicAuthorizationException.class);
		assertThat(sendFailure("publish", "posts.submitted")).isInstanceOf(TopicAuthorizationException.class);
		// a user with no Write anywhere may also be refused an idempotent producer id (cluster authorization)
		assertThat(sendFailure("stranger", "posts.submitted")).isInstanceOf(AuthorizationException.class);
	}

	@Test
	void onlyRenderWritesPostsRenderedAndOnlyPublishWritesPostsPublished() {
		assertThat(sendFailure("ingest", "posts.rendered")).isInstanceOf(TopicAuthorizationException.class);
		assertThat(sendFailure("publish", "posts.rendered")).isInstanceOf(TopicAuthorizationException.class);
		assertThat(sendFailure("ingest", "posts.published")).isInstanceOf(TopicAuthorizationException.class);
		assertThat(sendFailure("render", "posts.published")).isInstanceOf(TopicAuthorizationException.class);
		assertThat(sendFailure("ingest", "publish.author-index")).isInstanceOf(TopicAuthorizationException.class);
		assertThat(sendFailure("render", "publish.site-index")).isInstanceOf(TopicAuthorizationException.class);
		assertThat(sendFailure("ingest-redrive", "posts.published")).isInstanceOf(TopicAuthorizationException.class);
	}

	@Test
	void noServiceTakesAnotherOnesTransactionalIdOrGroup() {
		try (KafkaProducer<String, String> producer = producer("render", "ingest-state-writer")) {
			assertThatThrownBy(producer::initTransactions).isInstanceOf(TransactionalIdAuthorizationException.class);
		}
		try (KafkaProducer<String, String> producer = producer("ingest", "ingest-ops-redrive")) {
			assertThatThrownBy(producer::initTransactions).isInstanceOf(TransactionalIdAuthorizationException.class);
		}
		assertThat(catchThrowable(() -> readAs("render", "publish-service", "posts.submitted", key())))
			.isInstanceOf(GroupAuthorizationException.class);
	}

	@Test
	void aStrangerReadsNothing() {
		assertThat(catchThrowable(() -> readAs("stranger", null, "posts.submitted", key())))
			.isInstanceOf(TopicAuthorizationException.class);
		assertThat(catchThrowable(() -> readAs("render", null, "ingest.state", key())))
			.isInstanceOf(TopicAuthorizationException.class);
	}

	@Test
	void aClientWithoutValidCredentialsCannotProduce() {
		Map<String, Object> wrongPassword = client("render");
		wrongPassword.put(SaslConfigs.SASL_JAAS_CONFIG, jaas("render", "not-the-password"));
		assertThat(sendFailure(wrongPassword, "posts.rendered")).isInstanceOf(SaslAuthenticationException.class);

		// PLAINTEXT to the SASL listener: the broker waits for a SASL handshake and drops the connection
		Map<String, Object> unauthenticated = new HashMap<>(
				Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
		assertThat(sendFailure(unauthenticated, "posts.rendered")).isInstanceOf(TimeoutException.class);
	}

	@Test
	void theRedriveUserSendsDeadLettersBackToAnyStageInATransactionWithItsMark() throws Exception {
		String key = key();
		try (KafkaProducer<String, String> producer = producer("ingest-redrive", "ingest-ops-redrive")) {
			producer.initTransactions();
			for (String topic : List.of("posts.submitted", "posts.replay", "posts.rendered", "publish.author-index",
					"publish.site-index")) {
				producer.beginTransaction();
				producer.send(new ProducerRecord<>(topic, key, "redriven"));
				producer.send(new ProducerRecord<>("ingest.ops.redriven", topic + "/" + key, "mark"));
				producer.commitTransaction();
			}
		}
		assertThat(readAs("ingest", null, "ingest.ops.redriven", "posts.rendered/" + key)).isEqualTo("mark");
		assertThat(readAs("render", "render-service.replay", "posts.replay", key)).isEqualTo("redriven");
	}

	@Test
	void ingestReadsTheOffsetsOfRenderAndPublishGroupsForTheOpsPage() throws Exception {
		String key = key();
		send("ingest", "posts.submitted", key);
		readAs("render", "render-service", "posts.submitted", key);
		try (Admin ingest = Admin.create(client("ingest"))) {
			Map<TopicPartition, OffsetAndMetadata> offsets = ingest.listConsumerGroupOffsets("render-service")
				.partitionsToOffsetAndMetadata()
				.get(30, TimeUnit.SECONDS);
			assertThat(offsets).containsKey(new TopicPartition("posts.submitted", 0));
			assertThat(ingest.listConsumerGroupOffsets("publish-service")
				.partitionsToOffsetAndMetadata()
				.get(30, TimeUnit.SECONDS)).isNotNull();
		}
	}

	@Test
	void eachServiceCreatesTheTopicsItDeclaresAndNoOthers() throws Exception {
		assertThat(createFailure("render", "posts.rendered")).isInstanceOf(TopicExistsException.class);
		assertThat(createFailure("publish", "publish.site-index")).isInstanceOf(TopicExistsException.class);
		assertThat(createFailure("ingest", "ingest.ops.redriven")).isInstanceOf(TopicExistsException.class);
		assertThat(createFailure("render", "posts.published")).isInstanceOf(TopicAuthorizationException.class);
		assertThat(createFailure("ingest", "publish.site-index")).isInstanceOf(TopicAuthorizationException.class);
		assertThat(createFailure("stranger", "posts.submitted")).isInstanceOf(TopicAuthorizationException.class);
	}

	/** The literal topics the file names, and an instance of each prefix (as the services create them). */
	private static Set<String> topics(List<AclBinding> acls) {
		Set<String> topics = new TreeSet<>(List.of("ingest.state", "ingest.ops.redriven", "publish.author-index",
				"publish.site-index", "publish.author-index.DLT", "publish.site-index.DLT"));
		for (AclBinding acl : acls) {
			if (acl.pattern().resourceType() == ResourceType.TOPIC
					&& acl.pattern().patternType() == PatternType.LITERAL) {
				topics.add(acl.pattern().name());
			}
		}
		return topics;
	}

	private static String key() {
		return UUID.randomUUID().toString();
	}

	private static String jaas(String user, String password) {
		return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
				+ "\" password=\"" + password + "\";";
	}

	/** What each service's Spring Boot configuration gets from compose (SPRING_KAFKA_*). */
	private static Map<String, Object> client(String user) {
		Map<String, Object> properties = new HashMap<>();
		properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
		properties.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
		properties.put(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512");
		properties.put(SaslConfigs.SASL_JAAS_CONFIG, jaas(user, PASSWORDS.get(user)));
		return properties;
	}

	private static KafkaProducer<String, String> producer(Map<String, Object> client) {
		Map<String, Object> properties = new HashMap<>(client);
		properties.put(ProducerConfig.ACKS_CONFIG, "all");
		properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000);
		properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10000);
		properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
		return new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
	}

	private static KafkaProducer<String, String> producer(String user, String transactionalId) {
		Map<String, Object> properties = client(user);
		properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
		return producer(properties);
	}

	private static void send(String user, String topic, String key) throws Exception {
		try (KafkaProducer<String, String> producer = producer(client(user))) {
			producer.send(new ProducerRecord<>(topic, key, "value")).get(15, TimeUnit.SECONDS);
		}
	}

	private static Throwable sendFailure(String user, String topic) {
		return sendFailure(client(user), topic);
	}

	/** Why a send failed (the cause the future or the call gave), or an assertion error if it did not. */
	private static Throwable sendFailure(Map<String, Object> client, String topic) {
		Throwable failure;
		try (KafkaProducer<String, String> producer = producer(client)) {
			failure = catchThrowable(
					() -> producer.send(new ProducerRecord<>(topic, key(), "value")).get(15, TimeUnit.SECONDS));
		}
		assertThat(failure).as("sending to %s", topic).isNotNull();
		return (failure instanceof ExecutionException) ? failure.getCause() : failure;
	}

	private static Throwable createFailure(String user, String topic) throws Exception {
		try (Admin admin = Admin.create(client(user))) {
			Throwable failure = catchThrowable(() -> admin
				.createTopics(List.of(new NewTopic(topic, 1, (short) 1)), new CreateTopicsOptions().validateOnly(true))
				.all()
				.get(30, TimeUnit.SECONDS));
			assertThat(failure).as("creating %s", topic).isInstanceOf(ExecutionException.class);
			return failure.getCause();
		}
	}

	/**
	 * The value of the record with that key, read committed from the beginning: in the group (committing its offset)
	 * or, without one, by assigning the partitions. Throws what the consumer throws (an authorization error).
	 */
	private static String readAs(String user, String group, String topic, String key) {
		Map<String, Object> properties = client(user);
		properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		properties.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
		if (group != null) {
			properties.put(ConsumerConfig.GROUP_ID_CONFIG, group);
		}
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
				new StringDeserializer())) {
			if (group != null) {
				consumer.subscribe(List.of(topic));
			}
			else {
				List<TopicPartition> partitions = new ArrayList<>();
				consumer.partitionsFor(topic)
					.forEach((info) -> partitions.add(new TopicPartition(info.topic(), info.partition())));
				consumer.assign(partitions);
				consumer.seekToBeginning(partitions);
			}
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (System.nanoTime() < deadline) {
				for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
					if (key.equals(record.key())) {
						if (group != null) {
							consumer.commitSync();
						}
						return record.value();
					}
				}
			}
			throw new AssertionError(user + " did not find " + key + " in " + topic);
		}
	}

}

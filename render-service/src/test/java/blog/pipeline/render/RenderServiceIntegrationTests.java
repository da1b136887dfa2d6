package blog.pipeline.render;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import blog.pipeline.events.Author;
import blog.pipeline.events.CoverImage;
import blog.pipeline.events.Draft;
import blog.pipeline.events.PostEvent;
import blog.pipeline.events.PostRendered;
import blog.pipeline.events.PostSubmitted;
import blog.pipeline.events.PostWithdrawn;
import blog.pipeline.events.ReplayHeader;
import blog.pipeline.events.Topics;
import blog.pipeline.render.markdown.MarkdownRenderer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties.AckMode;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;

/**
 * Scenarios against a real broker: records go onto {@code posts.submitted} as another service would write them, and
 * the test waits for what must appear on {@code posts.rendered} or the dead-letter topic, reading as downstream
 * services do ({@code read_committed}). Retries are slowed down to 20 s here, so a dead letter that arrives within
 * seconds proves it was not retried. The application's template is spied on to simulate a crash between writing a
 * post's output and committing it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "pipeline.topics.partitions=" + RenderServiceIntegrationTests.PARTITIONS,
				"pipeline.site.base-url=https://blog.example.org/", "pipeline.retry.initial-interval=20s",
				"pipeline.retry.max-retries=2", "pipeline.operations.lag-interval=500ms",
				"logging.level.org.apache.kafka=WARN", "logging.level.kafka=WARN" })
@ExtendWith(OutputCaptureExtension.class)
abstract class RenderServiceIntegrationTests {

	static final int PARTITIONS = 3;

	private static final Duration DEAD_LETTER_WITHOUT_RETRY = Duration.ofSeconds(15);

	private static final JsonMapper json = JsonMapper.builder().build();

	@Autowired
	private KafkaConnectionDetails kafka;

	@LocalServerPort
	private int port;

	/** Posts whose id starts with this crash once: right after their output was written, before the commit. */
	private static final String CRASH_AFTER_WRITE = "crash-after-write-";

	private final Set<String> simulatedCrashes = ConcurrentHashMap.newKeySet();

	@MockitoSpyBean
	private KafkaTemplate<?, ?> kafkaTemplate;

	/** A draft whose body contains this overflows the stack when parsed, as a draft nested too deeply would. */
	private static final String OVERFLOWS_THE_STACK = "<!-- test: overflows the stack -->";

	@MockitoSpyBean
	private MarkdownRenderer markdownRenderer;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private KafkaListenerEndpointRegistry registry;

	@Autowired
	private Environment environment;

	private KafkaProducer<String, byte[]> producer;

	@BeforeEach
	@SuppressWarnings("unchecked")
	void crashOnceAfterWritingOutputOfMarkedPosts() {
		KafkaTemplate<Object, Object> template = (KafkaTemplate<Object, Object>) this.kafkaTemplate;
		doAnswer((invocation) -> {
			CompletableFuture<?> sent = (CompletableFuture<?>) invocation.callRealMethod();
			Object key = invocation.getArgument(1);
			if (key instanceof String postId && postId.startsWith(CRASH_AFTER_WRITE)
					&& this.simulatedCrashes.add(postId)) {
				sent.get(10, TimeUnit.SECONDS);
				throw new SimulatedCrashException("Simulated crash after writing the output of " + postId);
			}
			return sent;
		}).when(template).send(anyString(), any(), any());
	}

	@BeforeEach
	void overflowTheStackOnMarkedDrafts() {
		doAnswer((invocation) -> {
			if (invocation.<String>getArgument(0).contains(OVERFLOWS_THE_STACK)) {
				return recurse(0);
			}
			return invocation.callRealMethod();
		}).when(this.markdownRenderer).parse(anyString());
	}

	/** Recurses until the stack overflows: a real {@link StackOverflowError}, thrown deep in the stack. */
	private static int recurse(int depth) {
		return recurse(depth + 1) + 1;
	}

	@BeforeEach
	void createProducer() {
		this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
				ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
	}

	@AfterEach
	void closeProducer() {
		this.producer.close();
	}

	@Test
	void submittedPostIsRenderedUnderItsPostId(CapturedOutput output) throws Exception {
		String postId = UUID.randomUUID().toString();
		Instant createdAt = Instant.parse("2025-01-15T08:00:00Z");
		Instant acceptedAt = Instant.now();
		double renderedBefore = this.meters.get("pipeline.posts.rendered").counter().count();
		long timedBefore = this.meters.get("pipeline.render.time").timer().count();
		String traceId = UUID.randomUUID().toString().replace("-", "");
		String traceparent = "00-" + traceId + "-" + traceId.substring(0, 16) + "-01";
		this.producer.send(new ProducerRecord<>(Topics.POSTS_SUBMITTED, null, postId,
				event(new PostSubmitted(postId, 2, draft("maria-" + postId, "Maria Sanda, Legal Counsel"), createdAt,
						acceptedAt, null)),
				List.of(new RecordHeader("traceparent", traceparent.getBytes(StandardCharsets.UTF_8)))))
			.get();

		ConsumerRecord<String, byte[]> record = awaitRecord(Topics.POSTS_RENDERED, postId, Duration.ofSeconds(30));

		assertThat(header(record, "traceparent")).as("the trace of the submitted record goes on")
			.startsWith("00-" + traceId + "-")
			.doesNotContain(traceId.substring(0, 16) + "-01");
		assertThat(this.meters.get("pipeline.posts.rendered").counter().count()).isGreaterThan(renderedBefore);
		assertThat(this.meters.get("pipeline.render.time").timer().count()).isGreaterThan(timedBefore);
		assertThat(output.getOut().lines().filter((line) -> line.contains("Rendered post " + postId)))
			.as("a JSON (ECS) log line with the post id, version and trace id")
			.singleElement()
			.satisfies((line) -> assertThat(json.readTree(line).path("postId").asString()).isEqualTo(postId))
			.satisfies((line) -> assertThat(json.readTree(line).path("version").asString()).isEqualTo("2"))
			.satisfies((line) -> assertThat(json.readTree(line).path("traceId").asString()).isEqualTo(traceId));

		assertThat(record.headers().lastHeader("__TypeId__")).as("no Java type headers").isNull();
		PostEvent event = json.readValue(record.value(), PostEvent.class);
		assertThat(event).isInstanceOfSatisfying(PostRendered.class, (rendered) -> {
			assertThat(rendered.postId()).isEqualTo(postId);
			assertThat(rendered.version()).isEqualTo(2);
			assertThat(rendered.slug()).isEqualTo("maria-" + postId);
			assertThat(rendered.title()).isEqualTo("Maria Sanda, Legal Counsel");
			assertThat(rendered.excerptText()).isEqualTo("Hello! Who are you?\n\nHi! I am Maria.");
			assertThat(rendered.excerptHtml()).contains("<p>Hello! Who are you?</p>");
			assertThat(rendered.publishedAt()).isEqualTo(createdAt);
			assertThat(rendered.acceptedAt()).isEqualTo(acceptedAt);
			assertThat(rendered.renderedAt()).isAfterOrEqualTo(acceptedAt);
			Document page = Jsoup.parse(rendered.pageHtml());
			assertThat(page.selectFirst("h1").text()).isEqualTo("Maria Sanda, Legal Counsel");
			assertThat(page.selectFirst("link[rel=canonical]").attr("href"))
				.isEqualTo("https://blog.example.org/posts/maria-" + postId + "/");
			assertThat(page.selectFirst(".post-body").text()).contains("Back Market was my first internship");
			assertThat(page.select("script")).isEmpty();
		});
	}

	@Test
	void everyConsumerCommitsItsOffsetsAsynchronouslyOnTheCommitInterval() {
		var containers = this.registry.getListenerContainers();
		assertThat(containers).hasSize(2);
		for (MessageListenerContainer container : containers) {
			ContainerProperties properties = container.getContainerProperties();
			assertThat(properties.getAckMode()).as(container.getListenerId()).isEqualTo(AckMode.TIME);
			assertThat(properties.getAckTime()).as(container.getListenerId()).isEqualTo(1000);
			assertThat(properties.isSyncCommits()).as(container.getListenerId()).isFalse();
		}
	}

	@Test
	void failureAfterWritingButBeforeCommittingLosesNothingAndWritesAgainOnlyTheRecordsFromTheFailedOneOn()
			throws Exception {
		String postId = CRASH_AFTER_WRITE + UUID.randomUUID();
		String before = "crash-neighbour-before-" + UUID.randomUUID();
		String after = "crash-neighbour-after-" + UUID.randomUUID();
		// one producer transaction: the service's read_committed consumer sees the three at once, in one poll
		sendTogether(1, List.of(submitted(before), submitted(postId), submitted(after)));

		awaitRecord(Topics.POSTS_RENDERED, after, Duration.ofSeconds(60));
		// the next record of the same key (same partition) is processed only after the first one was committed
		send(Topics.POSTS_SUBMITTED, 1, postId, event(new PostWithdrawn(postId, 2, Instant.now())));
		awaitRecords(Topics.POSTS_RENDERED, postId, "read_committed", 3);

		assertThat(this.simulatedCrashes).as("the failure really happened after the write").contains(postId);
		assertThat(eventsWithKey(Topics.POSTS_RENDERED, postId, "read_committed"))
			.as("at least once: the version written before the failure is written again, the same version, which "
					+ "publish skips; then the withdrawal")
			.extracting((event) -> event.getClass().getSimpleName() + " " + event.version())
			.containsExactly("PostRendered 1", "PostRendered 1", "PostWithdrawn 2");
		assertThat(kinds(before, "read_committed")).as("committed before the failed record: not rendered again")
			.containsExactly("PostRendered");
		assertThat(kinds(after, "read_committed")).as("not sent before the failure: rendered once, on the retry")
			.containsExactly("PostRendered");
	}

	@Test
	void poisonRecordsInTheMiddleOfABatchAreDeadLetteredAndTheRecordsAroundThemAreRenderedExactlyOnce()
			throws Exception {
		String first = "batch-first-" + UUID.randomUUID();
		String garbageKey = "batch-garbage-" + UUID.randomUUID();
		String middle = "batch-middle-" + UUID.randomUUID();
		String futureKey = "batch-future-" + UUID.randomUUID();
		String last = "batch-last-" + UUID.randomUUID();
		byte[] garbage = { '{', 'n', 'o', 't', ' ', 'j', 's', 'o', 'n' };
		byte[] future = new String(event(new PostWithdrawn(futureKey, 1, Instant.now())), StandardCharsets.UTF_8)
			.replace("\"schemaVersion\":1", "\"schemaVersion\":2")
			.getBytes(StandardCharsets.UTF_8);
		double deadLettersBefore = deadLetters();
		sendTogether(2, List.of(new ProducerRecord<>(Topics.POSTS_SUBMITTED, 2, first, event(submittedPost(first))),
				new ProducerRecord<>(Topics.POSTS_SUBMITTED, 2, garbageKey, garbage),
				new ProducerRecord<>(Topics.POSTS_SUBMITTED, 2, middle,
						event(new PostWithdrawn(middle, 3, Instant.now()))),
				new ProducerRecord<>(Topics.POSTS_SUBMITTED, 2, futureKey, future),
				new ProducerRecord<>(Topics.POSTS_SUBMITTED, 2, last, event(submittedPost(last)))));

		ConsumerRecord<String, byte[]> unreadable = awaitRecord(Topics.deadLetterOf(Topics.POSTS_SUBMITTED),
				garbageKey, DEAD_LETTER_WITHOUT_RETRY);
		ConsumerRecord<String, byte[]> unsupported = awaitRecord(Topics.deadLetterOf(Topics.POSTS_SUBMITTED),
				futureKey, DEAD_LETTER_WITHOUT_RETRY);
		awaitRecord(Topics.POSTS_RENDERED, last, DEAD_LETTER_WITHOUT_RETRY);
		String later = "batch-later-" + UUID.randomUUID();
		send(Topics.POSTS_SUBMITTED, 2, later, event(submittedPost(later)));
		awaitRecord(Topics.POSTS_RENDERED, later, Duration.ofSeconds(30));

		assertThat(unreadable.value()).isEqualTo(garbage);
		assertThat(header(unreadable, KafkaHeaders.DLT_EXCEPTION_FQCN) + " "
				+ header(unreadable, KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN))
			.contains("DeserializationException");
		assertThat(header(unsupported, KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN))
			.endsWith("UnsupportedSchemaVersionException");
		assertThat(header(unsupported, KafkaHeaders.DLT_EXCEPTION_MESSAGE)).contains("schema version 2");
		for (String key : List.of(first, middle, last, later)) {
			assertThat(kinds(key, "read_uncommitted")).as("%s: written once, no aborted attempt", key)
				.containsExactly(key.equals(middle) ? "PostWithdrawn" : "PostRendered");
		}
		assertThat(kinds(garbageKey, "read_uncommitted")).isEmpty();
		assertThat(kinds(futureKey, "read_uncommitted")).isEmpty();
		assertThat(deadLetters()).isGreaterThanOrEqualTo(deadLettersBefore + 2);
	}

	@Test
	void hostileDraftsAreDeadLetteredOrRenderedAndTheNextDraftIsRenderedByRunningContainers() throws Exception {
		String run = UUID.randomUUID().toString();
		// beyond the limits of a draft: dead-lettered with the limit and line, never parsed
		Map<String, String> beyondLimits = new LinkedHashMap<>();
		beyondLimits.put("quotes-" + run, "block quotes nested more than 32 deep (line 3)");
		beyondLimits.put("lists-" + run, "a line indented (lists and quotes nested) more than 80 columns (line 41)");
		beyondLimits.put("links-" + run, "brackets, parentheses or links nested more than 32 deep (line 1)");
		beyondLimits.put("brackets-" + run, "brackets, parentheses or links nested more than 32 deep (line 1)");
		beyondLimits.put("table-" + run, "a table with more than 64 columns (line 2)");
		Map<String, String> bodies = new LinkedHashMap<>();
		bodies.put("quotes-" + run, "Intro\n\n" + ">".repeat(40_000) + " deep");
		bodies.put("lists-" + run, IntStream.range(0, 700)
			.mapToObj((level) -> "  ".repeat(level) + "- level " + level)
			.collect(Collectors.joining("\n")));
		bodies.put("links-" + run, "[".repeat(30_000) + "x" + "](u)".repeat(30_000));
		bodies.put("brackets-" + run, "[".repeat(30_000));
		bodies.put("table-" + run, "|c".repeat(1_000) + "|\n" + "|-".repeat(1_000) + "|\n" + "|x".repeat(1_000) + "|");
		// within the limits: the parser keeps deeper emphasis as text, the sanitizer caps HTML depth
		bodies.put("emphasis-" + run, "*".repeat(50_000) + "x" + "*".repeat(50_000));
		bodies.put("spans-" + run, "<span>".repeat(100_000));
		// within the limits, but rendering it overflows the stack
		String overflow = "overflow-" + run;
		bodies.put(overflow, "Fine so far.\n\n" + OVERFLOWS_THE_STACK);
		String next = "after-hostile-" + run;
		bodies.put(next, "An ordinary post after them.");
		int partition = 0;
		for (Map.Entry<String, String> body : bodies.entrySet()) {
			send(Topics.POSTS_SUBMITTED, partition, body.getKey(), event(new PostSubmitted(body.getKey(), 1,
					withBody(draft("slug-" + body.getKey(), "Hostile"), body.getValue()), Instant.now(),
					Instant.now(), null)));
		}

		Set<String> deadLettered = new LinkedHashSet<>(beyondLimits.keySet());
		deadLettered.add(overflow);
		Map<String, ConsumerRecord<String, byte[]>> deadLetters = awaitRecords(
				Topics.deadLetterOf(Topics.POSTS_SUBMITTED), deadLettered, DEAD_LETTER_WITHOUT_RETRY);
		Map<String, ConsumerRecord<String, byte[]>> rendered = awaitRecords(Topics.POSTS_RENDERED,
				Set.of("emphasis-" + run, "spans-" + run, next), Duration.ofSeconds(30));

		beyondLimits.forEach((key, limit) -> {
			ConsumerRecord<String, byte[]> deadLetter = deadLetters.get(key);
			assertThat(header(deadLetter, KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN)).as(key)
				.endsWith("InvalidDraftException");
			assertThat(header(deadLetter, KafkaHeaders.DLT_EXCEPTION_MESSAGE)).as(key)
				.contains("beyond the limits of a draft's Markdown: it has " + limit);
		});
		ConsumerRecord<String, byte[]> overflowed = deadLetters.get(overflow);
		assertThat(header(overflowed, KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN)).endsWith("RenderingErrorException");
		assertThat(header(overflowed, KafkaHeaders.DLT_EXCEPTION_MESSAGE)).contains(overflow)
			.contains("overflowed the stack");
		assertThat(header(overflowed, KafkaHeaders.DLT_EXCEPTION_STACKTRACE)).contains("StackOverflowError");
		assertThat(json.readValue(rendered.get(next).value(), PostEvent.class)).isInstanceOfSatisfying(
				PostRendered.class, (post) -> assertThat(post.pageHtml()).contains("An ordinary post after them."));
		for (String key : deadLettered) {
			assertThat(eventsWithKey(Topics.POSTS_RENDERED, key, "read_committed")).as(key).isEmpty();
		}
		for (MessageListenerContainer container : this.registry.getListenerContainers()) {
			assertThat(container.isRunning()).as(container.getListenerId()).isTrue();
			if (container instanceof ConcurrentMessageListenerContainer<?, ?> concurrent) {
				assertThat(concurrent.getContainers()).as(container.getListenerId())
					.isNotEmpty()
					.allSatisfy((child) -> assertThat(child.isRunning()).isTrue());
			}
		}
	}

	/** Reads the whole topic from the beginning until a record with each key showed up; the last one of each. */
	private Map<String, ConsumerRecord<String, byte[]>> awaitRecords(String topic, Set<String> keys,
			Duration timeout) {
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
						ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
						ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024),
				new StringDeserializer(), new ByteArrayDeserializer())) {
			List<TopicPartition> partitions = consumer.partitionsFor(topic)
				.stream()
				.map((info) -> new TopicPartition(topic, info.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<String, ConsumerRecord<String, byte[]>> found = new LinkedHashMap<>();
			await().atMost(timeout).pollInSameThread().pollDelay(Duration.ZERO).until(() -> {
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
					if (keys.contains(record.key())) {
						found.put(record.key(), record);
					}
				}
				return found.keySet().containsAll(keys);
			});
			return found;
		}
	}

	private static PostSubmitted submittedPost(String postId) {
		return new PostSubmitted(postId, 1, draft("slug-" + postId, "Post " + postId), Instant.now(), Instant.now(),
				null);
	}

	private static ProducerRecord<String, byte[]> submitted(String postId) {
		return new ProducerRecord<>(Topics.POSTS_SUBMITTED, 1, postId, event(submittedPost(postId)));
	}

	/** Sends the records in one producer transaction, so a read_committed consumer gets them in one poll. */
	private void sendTogether(int partition, List<ProducerRecord<String, byte[]>> records) {
		try (KafkaProducer<String, byte[]> transactional = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
						ProducerConfig.TRANSACTIONAL_ID_CONFIG, "render-tests-" + UUID.randomUUID()),
				new StringSerializer(), new ByteArraySerializer())) {
			transactional.initTransactions();
			transactional.beginTransaction();
			for (ProducerRecord<String, byte[]> record : records) {
				transactional.send(new ProducerRecord<>(record.topic(), partition, record.key(), record.value()));
			}
			transactional.commitTransaction();
		}
	}

	private List<String> kinds(String key, String isolation) {
		return eventsWithKey(Topics.POSTS_RENDERED, key, isolation).stream()
			.map((event) -> event.getClass().getSimpleName())
			.toList();
	}

	@Test
	void replayedPostIsRenderedOntoPostsRenderedWithItsReplayId() throws Exception {
		String postId = UUID.randomUUID().toString();
		Instant acceptedAt = Instant.parse("2026-01-10T10:00:00Z");
		this.producer.send(new ProducerRecord<>(Topics.POSTS_REPLAY, null, postId,
				event(new PostSubmitted(postId, 3, draft("replayed-" + postId, "Replayed"), acceptedAt, acceptedAt,
						null)),
				List.of(new RecordHeader(ReplayHeader.NAME, ReplayHeader.encode("replay-42")))))
			.get();

		ConsumerRecord<String, byte[]> record = awaitRecord(Topics.POSTS_RENDERED, postId, Duration.ofSeconds(30));

		assertThat(header(record, ReplayHeader.NAME)).isEqualTo("replay-42");
		assertThat(json.readValue(record.value(), PostEvent.class)).isInstanceOfSatisfying(PostRendered.class,
				(rendered) -> {
					assertThat(rendered.version()).as("the same version, not a new one").isEqualTo(3);
					assertThat(rendered.acceptedAt()).isEqualTo(acceptedAt);
				});
	}

	@Test
	void recordOnTheReplayTopicWithoutAReplayIdGoesToItsDeadLetterTopicWithoutRetries() throws Exception {
		String postId = UUID.randomUUID().toString();
		send(Topics.POSTS_REPLAY, null, postId, event(new PostSubmitted(postId, 1, draft("no-id-" + postId, "No id"),
				Instant.now(), Instant.now(), null)));

		ConsumerRecord<String, byte[]> deadLetter = awaitRecord(Topics.deadLetterOf(Topics.POSTS_REPLAY), postId,
				DEAD_LETTER_WITHOUT_RETRY);

		assertThat(header(deadLetter, KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN)).endsWith("UnsupportedEventException");
		assertThat(header(deadLetter, KafkaHeaders.DLT_EXCEPTION_MESSAGE)).contains(ReplayHeader.NAME);
	}

	@Test
	void withdrawalPassesThroughUnchanged() throws Exception {
		String postId = UUID.randomUUID().toString();
		PostWithdrawn withdrawn = new PostWithdrawn(postId, 2, Instant.parse("2026-11-27T11:00:00Z"));
		send(Topics.POSTS_SUBMITTED, null, postId, event(withdrawn));

		ConsumerRecord<String, byte[]> record = awaitRecord(Topics.POSTS_RENDERED, postId, Duration.ofSeconds(30));

		assertThat(json.readValue(record.value(), PostEvent.class)).isEqualTo(withdrawn);
	}

	@Test
	void poisonRecordGoesToTheDeadLetterTopicAndTheNextRecordOfItsPartitionIsStillRendered() throws Exception {
		String poisonKey = "poison-" + UUID.randomUUID();
		String postId = UUID.randomUUID().toString();
		byte[] garbage = { (byte) 0xde, (byte) 0xad, '{', 'n', 'o', 't', ' ', 'j', 's', 'o', 'n' };
		int partition = 1;
		double deadLettersBefore = deadLetters();
		send(Topics.POSTS_SUBMITTED, partition, poisonKey, garbage);
		send(Topics.POSTS_SUBMITTED, partition, postId, event(new PostSubmitted(postId, 1,
				draft("after-poison-" + postId, "After the poison"), Instant.now(), Instant.now(), null)));

		ConsumerRecord<String, byte[]> deadLetter = awaitRecord(Topics.deadLetterOf(Topics.POSTS_SUBMITTED), poisonKey,
				DEAD_LETTER_WITHOUT_RETRY);
		ConsumerRecord<String, byte[]> rendered = awaitRecord(Topics.POSTS_RENDERED, postId, Duration.ofSeconds(30));

		assertThat(deadLetter.partition()).isEqualTo(partition);
		assertThat(deadLetter.value()).isEqualTo(garbage);
		assertThat(header(deadLetter, KafkaHeaders.DLT_ORIGINAL_TOPIC)).isEqualTo(Topics.POSTS_SUBMITTED);
		assertThat(header(deadLetter, KafkaHeaders.DLT_EXCEPTION_FQCN) + " "
				+ header(deadLetter, KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN))
			.contains("DeserializationException");
		assertThat(header(deadLetter, KafkaHeaders.DLT_EXCEPTION_MESSAGE)).isNotBlank();
		assertThat(json.readValue(rendered.value(), PostEvent.class)).isInstanceOfSatisfying(PostRendered.class,
				(post) -> assertThat(post.slug()).isEqualTo("after-poison-" + postId));
		assertThat(deadLetters()).isGreaterThan(deadLettersBefore);
	}

	@Test
	void hugeGarbageRecordGoesToTheDeadLetterTopicAndTheNextRecordOfItsPartitionIsStillRendered() throws Exception {
		String poisonKey = "huge-poison-" + UUID.randomUUID();
		String postId = UUID.randomUUID().toString();
		// just under the topic's limit and incompressible: its dead letter, with the exception headers, is larger
		byte[] garbage = new byte[(int) (maxRecordSize() - 64 * 1024)];
		new Random(7).nextBytes(garbage);
		int partition = 2;
		try (KafkaProducer<String, byte[]> huge = hugeRecordProducer()) {
			huge.send(new ProducerRecord<>(Topics.POSTS_SUBMITTED, partition, poisonKey, garbage)).get();
			huge.send(new ProducerRecord<>(Topics.POSTS_SUBMITTED, partition, postId, event(new PostSubmitted(postId, 1,
					draft("after-huge-poison-" + postId, "After the huge poison"), Instant.now(), Instant.now(),
					null))))
				.get();
		}

		ConsumerRecord<String, byte[]> deadLetter = awaitRecord(Topics.deadLetterOf(Topics.POSTS_SUBMITTED), poisonKey,
				DEAD_LETTER_WITHOUT_RETRY);
		ConsumerRecord<String, byte[]> rendered = awaitRecord(Topics.POSTS_RENDERED, postId, Duration.ofSeconds(30));

		assertThat(deadLetter.partition()).isEqualTo(partition);
		assertThat(deadLetter.value()).isEqualTo(garbage);
		assertThat(header(deadLetter, KafkaHeaders.DLT_EXCEPTION_FQCN) + " "
				+ header(deadLetter, KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN))
			.contains("DeserializationException");
		assertThat(json.readValue(rendered.value(), PostEvent.class)).isInstanceOfSatisfying(PostRendered.class,
				(post) -> assertThat(post.slug()).isEqualTo("after-huge-poison-" + postId));
	}

	@Test
	void theLargestDraftTheApiAcceptsIsRendered() throws Exception {
		String postId = UUID.randomUUID().toString();
		String body = largestBody(1_048_576, "the last paragraph of the largest draft");
		assertThat(body.getBytes(StandardCharsets.UTF_8)).hasSize(1_048_576);
		byte[] submitted = event(new PostSubmitted(postId, 1, withBody(draft("largest-" + postId, "Largest"), body),
				Instant.now(), Instant.now(), null));
		assertThat(submitted.length).as("more than Kafka's default 1 MiB").isGreaterThan(1_048_576);
		try (KafkaProducer<String, byte[]> huge = hugeRecordProducer()) {
			huge.send(new ProducerRecord<>(Topics.POSTS_SUBMITTED, postId, submitted)).get();
		}

		ConsumerRecord<String, byte[]> rendered = awaitRecord(Topics.POSTS_RENDERED, postId, Duration.ofSeconds(60));

		assertThat(rendered.value().length).isGreaterThan(submitted.length);
		assertThat(json.readValue(rendered.value(), PostEvent.class)).isInstanceOfSatisfying(PostRendered.class,
				(post) -> assertThat(post.pageHtml()).contains("the last paragraph of the largest draft"));
	}

	@Test
	void draftWhosePageIsLargerThanAnyRecordGoesToTheDeadLetterTopicWithoutRetriesAndTheNextIsRendered()
			throws Exception {
		String postId = UUID.randomUUID().toString();
		String nextId = UUID.randomUUID().toString();
		// beyond the API's limit (only another producer could write it) but a record a producer may send; its page
		// is five times as large (every "&" becomes "&amp;"), larger than any record may be
		String body = ampersands((int) (maxRecordSize() / 2));
		int partition = 0;
		try (KafkaProducer<String, byte[]> huge = hugeRecordProducer()) {
			huge.send(new ProducerRecord<>(Topics.POSTS_SUBMITTED, partition, postId, event(new PostSubmitted(postId, 1,
					withBody(draft("too-large-" + postId, "Too large"), body), Instant.now(), Instant.now(), null))))
				.get();
			huge.send(new ProducerRecord<>(Topics.POSTS_SUBMITTED, partition, nextId, event(new PostSubmitted(nextId, 1,
					draft("after-too-large-" + nextId, "After"), Instant.now(), Instant.now(), null))))
				.get();
		}

		ConsumerRecord<String, byte[]> deadLetter = awaitRecord(Topics.deadLetterOf(Topics.POSTS_SUBMITTED), postId,
				DEAD_LETTER_WITHOUT_RETRY);
		awaitRecord(Topics.POSTS_RENDERED, nextId, Duration.ofSeconds(30));

		assertThat(header(deadLetter, KafkaHeaders.DLT_EXCEPTION_STACKTRACE)).contains("RecordTooLargeException")
			.contains("max.request.size");
		assertThat(json.readValue(deadLetter.value(), PostEvent.class)).isInstanceOf(PostSubmitted.class);
		assertThat(eventsWithKey(Topics.POSTS_RENDERED, postId, "read_committed")).isEmpty();
	}

	/** Markdown paragraphs of exactly {@code bytes} UTF-8 bytes (with quotes and non-ASCII text), ending in {@code last}. */
	private static String largestBody(int bytes, String last) {
		String paragraph = "Ünïcödé \"quoted\" *text* & <more> of the largest draft, again and again 🎉.\n\n";
		int paragraphBytes = paragraph.getBytes(StandardCharsets.UTF_8).length;
		int lastBytes = last.length();
		int count = (bytes - lastBytes) / paragraphBytes;
		String body = paragraph.repeat(count) + last;
		return body + "x".repeat(bytes - body.getBytes(StandardCharsets.UTF_8).length);
	}

	/** Markdown of exactly {@code bytes} bytes that grows five times as HTML: paragraphs of ampersands. */
	private static String ampersands(int bytes) {
		String paragraph = "&".repeat(200) + "\n\n";
		String body = paragraph.repeat(bytes / paragraph.length());
		return body + "x".repeat(bytes - body.length());
	}

	private static Draft withBody(Draft draft, String body) {
		return new Draft(draft.title(), draft.slug(), draft.author(), body, draft.excerpt(), draft.tags(),
				draft.coverImage(), draft.publishAt());
	}

	private long maxRecordSize() {
		return this.environment.getRequiredProperty("pipeline.topics.max-record-size", DataSize.class).toBytes();
	}

	/** A producer of records as large as a topic takes, like ingest's (zstd): the broker checks compressed sizes. */
	private KafkaProducer<String, byte[]> hugeRecordProducer() {
		return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
				ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * (int) maxRecordSize(),
				ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd"), new StringSerializer(), new ByteArraySerializer());
	}

	@Test
	void reportsTheConsumerLagOfItsGroupForEachAssignedPartition() throws Exception {
		String postId = UUID.randomUUID().toString();
		send(Topics.POSTS_SUBMITTED, null, postId, event(new PostWithdrawn(postId, 1, Instant.now())));
		awaitRecord(Topics.POSTS_RENDERED, postId, Duration.ofSeconds(30));

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			List<Gauge> lag = List.copyOf(this.meters.find("pipeline.consumer.lag")
				.tags("group", "render-service", "topic", Topics.POSTS_SUBMITTED)
				.gauges());
			assertThat(lag).extracting((gauge) -> gauge.getId().getTag("partition"))
				.containsExactlyInAnyOrder("0", "1", "2");
			assertThat(lag).as("everything read was committed").allSatisfy((gauge) -> assertThat(gauge.value()).isZero());
		});
	}

	@Test
	void reportsNoLagOnceItReadAPartitionWhoseLastWriteWasATransaction() throws Exception {
		// ingest writes posts.submitted in transactions: the partition ends with a commit marker after the record
		int partition = 2;
		String postId = UUID.randomUUID().toString();
		sendTogether(partition, List.of(new ProducerRecord<>(Topics.POSTS_SUBMITTED, postId,
				event(new PostWithdrawn(postId, 1, Instant.now())))));
		awaitRecord(Topics.POSTS_RENDERED, postId, Duration.ofSeconds(30));

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			Gauge lag = this.meters.find("pipeline.consumer.lag")
				.tags("group", "render-service", "topic", Topics.POSTS_SUBMITTED, "partition",
						Integer.toString(partition))
				.gauge();
			assertThat(lag).isNotNull();
			assertThat(lag.value()).as("the commit marker is not a record left to read").isZero();
		});
	}

	private double deadLetters() {
		var counter = this.meters.find("pipeline.dead.letters").tag("topic", Topics.POSTS_SUBMITTED).counter();
		return (counter != null) ? counter.count() : 0;
	}

	@Test
	void eventOfAnUnsupportedSchemaVersionGoesToTheDeadLetterTopicWithoutRetries() throws Exception {
		String postId = UUID.randomUUID().toString();
		String future = new String(event(new PostWithdrawn(postId, 1, Instant.now())), StandardCharsets.UTF_8)
			.replace("\"schemaVersion\":1", "\"schemaVersion\":2");
		assertThat(future).contains("\"schemaVersion\":2");
		send(Topics.POSTS_SUBMITTED, null, postId, future.getBytes(StandardCharsets.UTF_8));

		ConsumerRecord<String, byte[]> deadLetter = awaitRecord(Topics.deadLetterOf(Topics.POSTS_SUBMITTED), postId,
				DEAD_LETTER_WITHOUT_RETRY);

		assertThat(header(deadLetter, KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN))
			.endsWith("UnsupportedSchemaVersionException");
		assertThat(header(deadLetter, KafkaHeaders.DLT_EXCEPTION_MESSAGE)).contains("schema version 2");
	}

	@Test
	void draftThatCannotBeRenderedSafelyGoesToTheDeadLetterTopicWithoutRetries() throws Exception {
		String postId = UUID.randomUUID().toString();
		send(Topics.POSTS_SUBMITTED, null, postId, event(
				new PostSubmitted(postId, 1, draft("../../index", "Escape"), Instant.now(), Instant.now(), null)));

		ConsumerRecord<String, byte[]> deadLetter = awaitRecord(Topics.deadLetterOf(Topics.POSTS_SUBMITTED), postId,
				DEAD_LETTER_WITHOUT_RETRY);

		assertThat(header(deadLetter, KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN)).endsWith("InvalidDraftException");
		assertThat(header(deadLetter, KafkaHeaders.DLT_EXCEPTION_MESSAGE)).contains("../../index");
		assertThat(json.readValue(deadLetter.value(), PostEvent.class)).isInstanceOf(PostSubmitted.class);
	}

	@Test
	void unknownFieldsFromANewerProducerAreIgnored() throws Exception {
		String postId = UUID.randomUUID().toString();
		String withExtras = new String(event(new PostSubmitted(postId, 1, draft("extras-" + postId, "Extras"),
				Instant.now(), Instant.now(), null)), StandardCharsets.UTF_8)
			.replaceFirst("\\{", "{\"addedLater\":{\"x\":1},")
			.replace("\"bodyMarkdown\":", "\"language\":\"en\",\"bodyMarkdown\":");
		send(Topics.POSTS_SUBMITTED, null, postId, withExtras.getBytes(StandardCharsets.UTF_8));

		ConsumerRecord<String, byte[]> record = awaitRecord(Topics.POSTS_RENDERED, postId, Duration.ofSeconds(30));

		assertThat(json.readValue(record.value(), PostEvent.class)).isInstanceOfSatisfying(PostRendered.class,
				(post) -> assertThat(post.slug()).isEqualTo("extras-" + postId));
	}

	@Test
	void declaresItsTopicsAndTheDeadLetterTopicWithTheSamePartitions() throws Exception {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
			Map<String, TopicDescription> topics = admin
				.describeTopics(List.of(Topics.POSTS_SUBMITTED, Topics.deadLetterOf(Topics.POSTS_SUBMITTED),
						Topics.POSTS_REPLAY, Topics.deadLetterOf(Topics.POSTS_REPLAY), Topics.POSTS_RENDERED))
				.allTopicNames()
				.get();

			assertThat(topics.values()).hasSize(5)
				.allSatisfy((topic) -> assertThat(topic.partitions()).hasSize(PARTITIONS));
		}
	}

	@Test
	void exposesHealthAndPrometheusMetrics() throws Exception {
		HttpClient http = HttpClient.newHttpClient();

		HttpResponse<String> health = http.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/actuator/health")).build(),
				HttpResponse.BodyHandlers.ofString());
		HttpResponse<String> prometheus = http.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/actuator/prometheus")).build(),
				HttpResponse.BodyHandlers.ofString());

		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("\"UP\"");
		assertThat(prometheus.statusCode()).isEqualTo(200);
		assertThat(prometheus.body()).contains("jvm_memory_used_bytes")
			.contains("pipeline_posts_rendered_total{application=\"render-service\"")
			.contains("pipeline_render_time_seconds_count{application=\"render-service\"");
		for (String probe : List.of("readiness", "liveness")) {
			HttpResponse<String> state = http.send(HttpRequest
				.newBuilder(URI.create("http://localhost:" + this.port + "/actuator/health/" + probe))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(state.statusCode()).as(probe).isEqualTo(200);
			assertThat(state.body()).as(probe).contains("\"UP\"");
		}
	}

	private String bootstrapServers() {
		return String.join(",", this.kafka.getBootstrapServers());
	}

	private static Draft draft(String slug, String title) {
		return new Draft(title, slug, new Author("maria-sanda", "Maria Sanda"), """
				Hello! Who are you?

				Hi! I am Maria.

				<!--more-->

				Back Market was my first internship <script>alert(1)</script>
				""", null, List.of("people"), new CoverImage("https://img.example.org/maria.jpg", "Maria"), null);
	}

	/** Stands for the process dying between writing its output and committing it. */
	static class SimulatedCrashException extends RuntimeException {

		SimulatedCrashException(String message) {
			super(message);
		}

	}

	private static byte[] event(PostEvent event) {
		return json.writerFor(PostEvent.class).writeValueAsBytes(event);
	}

	private void send(String topic, Integer partition, String key, byte[] value) throws Exception {
		this.producer.send(new ProducerRecord<>(topic, partition, key, value)).get();
	}

	/** All records of the key, from the beginning of the topic to its current end, as a reader of that isolation. */
	private List<PostEvent> eventsWithKey(String topic, String key, String isolation) {
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
						ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation),
				new StringDeserializer(), new ByteArrayDeserializer())) {
			List<TopicPartition> partitions = consumer.partitionsFor(topic)
				.stream()
				.map((info) -> new TopicPartition(topic, info.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
			List<PostEvent> events = new ArrayList<>();
			await().atMost(Duration.ofSeconds(30)).pollInSameThread().pollDelay(Duration.ZERO).until(() -> {
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
					if (key.equals(record.key())) {
						events.add(json.readValue(record.value(), PostEvent.class));
					}
				}
				return partitions.stream().allMatch((partition) -> consumer.position(partition) >= end.get(partition));
			});
			return events;
		}
	}

	private void awaitRecords(String topic, String key, String isolation, int count) {
		await().atMost(Duration.ofSeconds(30)).until(() -> eventsWithKey(topic, key, isolation).size() >= count);
	}

	private static String header(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : "";
	}

	/** Reads the whole topic from the beginning until a record with the key shows up; the last one. */
	private ConsumerRecord<String, byte[]> awaitRecord(String topic, String key, Duration timeout) {
		return awaitRecords(topic, Set.of(key), timeout).get(key);
	}

}

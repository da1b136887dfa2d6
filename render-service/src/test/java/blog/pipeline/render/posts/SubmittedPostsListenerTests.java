package blog.pipeline.render.posts;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import blog.pipeline.events.PostEvent;
import blog.pipeline.events.PostRendered;
import blog.pipeline.events.PostSubmitted;
import blog.pipeline.events.PostWithdrawn;
import blog.pipeline.events.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.mock.MockProducerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Routing of the records of a batch on the submitted-posts topic, against a mock producer: what is sent, what goes to
 * the dead-letter recoverer, and which record a failure is blamed on.
 */
class SubmittedPostsListenerTests {

	private final MockProducer<String, PostEvent> producer = new OpenMockProducer(true, (topic, event) -> new byte[0]);

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final List<DeadLetter> deadLetters = new ArrayList<>();

	private final SubmittedPostsListener listener = listener(this.producer, Duration.ofSeconds(5), this.meters);

	private SubmittedPostsListener listener(MockProducer<String, PostEvent> producer, Duration sendTimeout,
			MeterRegistry meters) {
		return new SubmittedPostsListener(PostFixtures.renderer(),
				new KafkaTemplate<>(new MockProducerFactory<>(() -> producer)),
				(record, exception) -> this.deadLetters.add(new DeadLetter(record, exception)),
				new RenderProperties(sendTimeout), meters, ObservationRegistry.NOOP);
	}

	private static ConsumerRecord<String, @Nullable PostEvent> record(long offset, String key,
			@Nullable PostEvent event) {
		return new ConsumerRecord<>(Topics.POSTS_SUBMITTED, 0, offset, key, event);
	}

	/** A serializer that fails for the events of {@code postId}, as a producer that cannot send them would. */
	private static Serializer<PostEvent> refusing(String postId) {
		return (topic, event) -> {
			if (event.postId().equals(postId)) {
				throw new SerializationException("cannot serialize " + postId);
			}
			return new byte[0];
		};
	}

	private static PostSubmitted submitted(String postId) {
		return PostFixtures.submitted(postId, PostFixtures.draft("slug-" + postId, null));
	}

	@Test
	void submittedPostIsRenderedToPostsRenderedUnderItsPostId() {
		this.listener.onSubmittedPosts(List.of(record(0, "post-1", submitted("post-1"))));

		List<ProducerRecord<String, PostEvent>> sent = this.producer.history();
		assertThat(sent).singleElement().satisfies((record) -> {
			assertThat(record.topic()).isEqualTo(Topics.POSTS_RENDERED);
			assertThat(record.key()).isEqualTo("post-1");
			assertThat(record.value()).isInstanceOfSatisfying(PostRendered.class,
					(rendered) -> assertThat(rendered.slug()).isEqualTo("slug-post-1"));
		});
		assertThat(this.meters.get("pipeline.posts.rendered").counter().count()).isEqualTo(1);
		assertThat(this.meters.get("pipeline.render.time").timer().count()).isEqualTo(1);
	}

	@Test
	void withdrawalPassesThroughUnchanged() {
		PostWithdrawn withdrawn = new PostWithdrawn("post-1", 4, Instant.parse("2026-11-27T11:00:00Z"));

		this.listener.onSubmittedPosts(List.of(record(0, "post-1", withdrawn)));

		assertThat(this.producer.history()).singleElement().satisfies((record) -> {
			assertThat(record.topic()).isEqualTo(Topics.POSTS_RENDERED);
			assertThat(record.key()).isEqualTo("post-1");
			assertThat(record.value()).isEqualTo(withdrawn);
		});
		assertThat(this.meters.get("pipeline.posts.rendered").counter().count()).isZero();
	}

	@Test
	void eventOfAnUnsupportedSchemaVersionIsDeadLetteredWithoutRetry() {
		PostSubmitted future = new PostSubmitted(99, "post-1", 1, PostFixtures.draft("maria-sanda", null),
				PostFixtures.CREATED, PostFixtures.ACCEPTED, null);

		this.listener.onSubmittedPosts(List.of(record(0, "post-1", future)));

		assertThat(this.producer.history()).isEmpty();
		assertThat(this.deadLetters).singleElement()
			.satisfies((deadLetter) -> assertThat(deadLetter.cause())
				.isInstanceOf(UnsupportedSchemaVersionException.class)
				.hasMessageContaining("99"));
	}

	@Test
	void eventThatDoesNotBelongOnTheTopicIsDeadLettered() {
		PostEvent rendered = new PostRendered(1, "post-1", 1, "s", null, "t", "", "", "", 1, null, List.of(),
				PostFixtures.CREATED, PostFixtures.ACCEPTED, PostFixtures.NOW);

		this.listener.onSubmittedPosts(List.of(record(0, "post-1", rendered), record(1, "k", null)));

		assertThat(this.producer.history()).isEmpty();
		assertThat(this.deadLetters).extracting(DeadLetter::cause)
			.allSatisfy((cause) -> assertThat(cause).isInstanceOf(UnsupportedEventException.class))
			.extracting(Throwable::getMessage)
			.satisfiesExactly((message) -> assertThat(message).contains("PostRendered"),
					(message) -> assertThat(message).contains("has no value"));
	}

	@Test
	void poisonInTheMiddleOfABatchIsDeadLetteredAndTheRecordsAroundItAreRenderedInOrder() {
		PostSubmitted unsafe = PostFixtures.submitted("post-2", PostFixtures.draft("../escape", null));

		this.listener.onSubmittedPosts(List.of(record(0, "post-1", submitted("post-1")),
				record(1, "post-2", unsafe), record(2, "post-3", new PostWithdrawn("post-3", 2, PostFixtures.NOW)),
				record(3, "post-4", submitted("post-4"))));

		assertThat(this.producer.history()).extracting(ProducerRecord::key)
			.containsExactly("post-1", "post-3", "post-4");
		assertThat(this.deadLetters).singleElement().satisfies((deadLetter) -> {
			assertThat(deadLetter.record().offset()).isEqualTo(1);
			assertThat(deadLetter.cause()).isInstanceOf(InvalidDraftException.class).hasMessageContaining("../escape");
		});
	}

	@Test
	void failedSendIsBlamedOnItsOwnRecordNotOnTheBatch() {
		MockProducer<String, PostEvent> picky = new OpenMockProducer(true, refusing("post-2"));
		SubmittedPostsListener listener = listener(picky, Duration.ofSeconds(5), new SimpleMeterRegistry());
		List<ConsumerRecord<String, @Nullable PostEvent>> batch = List.of(record(0, "post-1", submitted("post-1")),
				record(1, "post-2", submitted("post-2")), record(2, "post-3", submitted("post-3")));

		assertThatExceptionOfType(BatchListenerFailedException.class)
			.isThrownBy(() -> listener.onSubmittedPosts(batch))
			.satisfies((ex) -> assertThat(ex.getRecord()).isSameAs(batch.get(1)))
			.havingCause()
			.isInstanceOf(RenderedEventNotSentException.class);
		assertThat(this.deadLetters).isEmpty();
		assertThat(picky.history()).as("the records after it are sent when the error handler has them read again")
			.extracting(ProducerRecord::key)
			.containsExactly("post-1");
	}

	@Test
	void failureIsThrownOnlyOnceTheOutputsSentBeforeItAreAcknowledgedAndAnEarlierOneThatIsNotIsBlamedFirst() {
		// the error handler commits the records before the one named, so their outputs must be stored by then
		MockProducer<String, PostEvent> silent = new OpenMockProducer(false, refusing("post-2"));
		SubmittedPostsListener waiting = listener(silent, Duration.ofMillis(50), new SimpleMeterRegistry());
		List<ConsumerRecord<String, @Nullable PostEvent>> batch = List.of(record(0, "post-1", submitted("post-1")),
				record(1, "post-2", submitted("post-2")), record(2, "post-3", submitted("post-3")));

		assertThatExceptionOfType(BatchListenerFailedException.class)
			.isThrownBy(() -> waiting.onSubmittedPosts(batch))
			.satisfies((ex) -> assertThat(ex.getRecord()).as("post-1 was sent but never acknowledged")
				.isSameAs(batch.get(0)))
			.havingCause()
			.isInstanceOf(RenderedEventNotSentException.class)
			.withMessageContaining("post-1");
		assertThat(silent.history()).extracting(ProducerRecord::key).containsExactly("post-1");
	}

	@Test
	void sendThatKafkaDoesNotAcknowledgeFailsItsRecord() {
		MockProducer<String, PostEvent> silent = new OpenMockProducer(false, (topic, event) -> new byte[0]);
		SubmittedPostsListener waiting = listener(silent, Duration.ofMillis(50), new SimpleMeterRegistry());
		ConsumerRecord<String, @Nullable PostEvent> record = record(0, "post-1",
				new PostWithdrawn("post-1", 2, PostFixtures.ACCEPTED));

		assertThatExceptionOfType(BatchListenerFailedException.class)
			.isThrownBy(() -> waiting.onSubmittedPosts(List.of(record)))
			.satisfies((ex) -> assertThat(ex.getRecord()).isSameAs(record))
			.havingCause()
			.isInstanceOf(RenderedEventNotSentException.class)
			.withMessageContaining("post-1");
	}

	@Test
	void sendThatKafkaRefusesFailsItsRecord() {
		this.producer.sendException = new org.apache.kafka.common.errors.TimeoutException("broker unavailable");

		assertThatExceptionOfType(BatchListenerFailedException.class)
			.isThrownBy(() -> this.listener.onSubmittedPosts(
					List.of(record(0, "post-1", new PostWithdrawn("post-1", 2, PostFixtures.ACCEPTED)))))
			.havingCause()
			.isInstanceOf(RenderedEventNotSentException.class);
	}

	/** Stays open when the template closes it after a send, so a batch can send again. */
	private static final class OpenMockProducer extends MockProducer<String, PostEvent> {

		OpenMockProducer(boolean autoComplete, Serializer<PostEvent> values) {
			super(autoComplete, null, new StringSerializer(), values);
		}

		@Override
		public void close() {
		}

		@Override
		public void close(Duration timeout) {
		}

	}

	private record DeadLetter(ConsumerRecord<?, ?> record, Exception exception) {

		Throwable cause() {
			return NestedExceptionUtils.getMostSpecificCause(this.exception);
		}

	}

}

package blog.pipeline.render.posts;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import blog.pipeline.events.PostEvent;
import blog.pipeline.events.PostRendered;
import blog.pipeline.events.PostSubmitted;
import blog.pipeline.events.PostWithdrawn;
import blog.pipeline.events.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.mock.MockProducerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Routing of the records on the submitted-posts topic, against a mock producer. */
class SubmittedPostsListenerTests {

	private final MockProducer<String, PostEvent> producer = new MockProducer<>(true, null, new StringSerializer(),
			(topic, event) -> new byte[0]);

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final SubmittedPostsListener listener = listener(this.producer, Duration.ofSeconds(5), this.meters);

	private static SubmittedPostsListener listener(MockProducer<String, PostEvent> producer, Duration sendTimeout,
			MeterRegistry meters) {
		return new SubmittedPostsListener(PostFixtures.renderer(),
				new KafkaTemplate<>(new MockProducerFactory<>(() -> producer)), new RenderProperties(sendTimeout),
				meters);
	}

	private static ConsumerRecord<String, PostEvent> record(String key, PostEvent event) {
		return new ConsumerRecord<>(Topics.POSTS_SUBMITTED, 0, 0, key, event);
	}

	@Test
	void submittedPostIsRenderedToPostsRenderedUnderItsPostId() {
		this.listener.onSubmittedPost(
				record("post-1", PostFixtures.submitted("post-1", PostFixtures.draft("maria-sanda", null))));

		List<ProducerRecord<String, PostEvent>> sent = this.producer.history();
		assertThat(sent).singleElement().satisfies((record) -> {
			assertThat(record.topic()).isEqualTo(Topics.POSTS_RENDERED);
			assertThat(record.key()).isEqualTo("post-1");
			assertThat(record.value()).isInstanceOfSatisfying(PostRendered.class,
					(rendered) -> assertThat(rendered.slug()).isEqualTo("maria-sanda"));
		});
		assertThat(this.meters.get("pipeline.posts.rendered").counter().count()).isEqualTo(1);
		assertThat(this.meters.get("pipeline.render.time").timer().count()).isEqualTo(1);
	}

	@Test
	void withdrawalPassesThroughUnchanged() {
		PostWithdrawn withdrawn = new PostWithdrawn("post-1", 4, Instant.parse("2026-11-27T11:00:00Z"));

		this.listener.onSubmittedPost(record("post-1", withdrawn));

		assertThat(this.producer.history()).singleElement().satisfies((record) -> {
			assertThat(record.topic()).isEqualTo(Topics.POSTS_RENDERED);
			assertThat(record.key()).isEqualTo("post-1");
			assertThat(record.value()).isEqualTo(withdrawn);
		});
	}

	@Test
	void eventOfAnUnsupportedSchemaVersionIsRejected() {
		PostSubmitted future = new PostSubmitted(99, "post-1", 1, PostFixtures.draft("maria-sanda", null),
				PostFixtures.CREATED, PostFixtures.ACCEPTED, null);

		assertThatExceptionOfType(UnsupportedSchemaVersionException.class)
			.isThrownBy(() -> this.listener.onSubmittedPost(record("post-1", future)))
			.withMessageContaining("99");
		assertThat(this.producer.history()).isEmpty();
	}

	@Test
	void eventThatDoesNotBelongOnTheTopicIsRejected() {
		PostEvent rendered = new PostRendered(1, "post-1", 1, "s", null, "t", "", "", "", 1, null, List.of(),
				PostFixtures.CREATED, PostFixtures.ACCEPTED, PostFixtures.NOW);

		assertThatExceptionOfType(UnsupportedEventException.class)
			.isThrownBy(() -> this.listener.onSubmittedPost(record("post-1", rendered)))
			.withMessageContaining("PostRendered");
		assertThatExceptionOfType(UnsupportedEventException.class)
			.isThrownBy(() -> this.listener
				.onSubmittedPost(new ConsumerRecord<>(Topics.POSTS_SUBMITTED, 0, 7, "k", null)));
		assertThat(this.producer.history()).isEmpty();
	}

	@Test
	void sendThatKafkaDoesNotAcknowledgeFailsTheRecord() {
		MockProducer<String, PostEvent> silent = new MockProducer<>(false, null, new StringSerializer(),
				(topic, event) -> new byte[0]);
		SubmittedPostsListener waiting = listener(silent, Duration.ofMillis(50), new SimpleMeterRegistry());

		PostWithdrawn withdrawn = new PostWithdrawn("post-1", 2, PostFixtures.ACCEPTED);

		assertThatExceptionOfType(RenderedEventNotSentException.class)
			.isThrownBy(() -> waiting.onSubmittedPost(record("post-1", withdrawn)))
			.withMessageContaining("post-1");
	}

	@Test
	void sendThatKafkaRefusesFailsTheRecord() {
		this.producer.sendException = new org.apache.kafka.common.errors.TimeoutException("broker unavailable");

		assertThatExceptionOfType(RenderedEventNotSentException.class).isThrownBy(() -> this.listener
			.onSubmittedPost(record("post-1", new PostWithdrawn("post-1", 2, PostFixtures.ACCEPTED))));
	}

}

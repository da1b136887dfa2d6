package blog.pipeline.publish.posts;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import blog.pipeline.events.Author;
import blog.pipeline.events.CoverImage;
import blog.pipeline.events.PostEvent;
import blog.pipeline.events.PostPublished;
import blog.pipeline.events.PostRendered;
import blog.pipeline.events.PostWithdrawn;
import blog.pipeline.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;

import static blog.pipeline.publish.catalog.CatalogEntries.rendered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PostEventValidatorTests {

	private static final Author ADA = new Author("ada", "Ada");

	private static final Instant NOW = Instant.parse("2024-05-01T10:00:00Z");

	@Test
	void acceptsRenderedAndWithdrawnPosts() {
		PostRendered rendered = rendered("p1", 1, "hello", ADA, "Hello", NOW, null);
		PostWithdrawn withdrawn = new PostWithdrawn("p1", 2, NOW);

		assertThat(PostEventValidator.validate(record("p1", rendered))).isSameAs(rendered);
		assertThat(PostEventValidator.validate(record("p1", withdrawn))).isSameAs(withdrawn);
	}

	@Test
	void rejectsSlugsThatCouldEscapeTheirFolder() {
		for (String slug : new String[] { "..", "../index", "a/b", ".hidden", "", "a b", "a\\b" }) {
			PostRendered rendered = rendered("p1", 1, slug, ADA, "Hello", NOW, null);
			assertThatExceptionOfType(InvalidPostEventException.class)
				.isThrownBy(() -> PostEventValidator.validate(record("p1", rendered)))
				.withMessageContaining("Slug");
		}
	}

	@Test
	void rejectsAuthorIdsThatCouldEscapeTheirFolder() {
		PostRendered rendered = rendered("p1", 1, "hello", new Author("../posts", "Evil"), "Hello", NOW, null);

		assertThatExceptionOfType(InvalidPostEventException.class)
			.isThrownBy(() -> PostEventValidator.validate(record("p1", rendered)))
			.withMessageContaining("Author id");
	}

	@Test
	void rejectsUnsupportedSchemaVersions() {
		PostWithdrawn future = new PostWithdrawn(99, "p1", 2, NOW);

		assertThatExceptionOfType(UnsupportedSchemaVersionException.class)
			.isThrownBy(() -> PostEventValidator.validate(record("p1", future)))
			.withMessageContaining("99");
	}

	@Test
	void rejectsRecordsNotKeyedByTheirPostId() {
		assertThatExceptionOfType(InvalidPostEventException.class)
			.isThrownBy(() -> PostEventValidator.validate(record("other", new PostWithdrawn("p1", 2, NOW))))
			.withMessageContaining("key");
	}

	@Test
	void rejectsEventsThatDoNotBelongOnTheRenderedTopic() {
		PostPublished published = new PostPublished(1, "p1", 1, "hello", "/posts/hello/", java.util.List.of(),
				java.util.List.of(), NOW, NOW);

		assertThatExceptionOfType(InvalidPostEventException.class)
			.isThrownBy(() -> PostEventValidator.validate(record("p1", published)))
			.withMessageContaining("PostPublished");
	}

	@Test
	void rejectsMissingFields() {
		PostRendered noTitle = new PostRendered(1, "p1", 1, "hello", ADA, null, "<html></html>", "", "", 1, null,
				java.util.List.of(), NOW, NOW, NOW);

		assertThatExceptionOfType(InvalidPostEventException.class)
			.isThrownBy(() -> PostEventValidator.validate(record("p1", noTitle)))
			.withMessageContaining("title");
	}

	@Test
	void rejectsTextsLongerThanADraftMayHave() {
		PostRendered longestTitle = rendered("p1", 1, "hello", ADA, "t".repeat(200), NOW, null);
		PostRendered hugeTitle = rendered("p1", 1, "hello", ADA, "t".repeat(900 * 1024), NOW, null);
		PostRendered longName = rendered("p1", 1, "hello", new Author("ada", "n".repeat(101)), "Hello", NOW, null);
		PostRendered hugeExcerpt = new PostRendered(1, "p1", 1, "hello", ADA, "Hello", "<html></html>",
				"<p>" + "x".repeat(1_048_576) + "</p>", "x", 1, null, java.util.List.of(), NOW, NOW, NOW);

		assertThat(PostEventValidator.validate(record("p1", longestTitle))).isSameAs(longestTitle);
		assertThatExceptionOfType(InvalidPostEventException.class)
			.isThrownBy(() -> PostEventValidator.validate(record("p1", hugeTitle)))
			.withMessageContaining("'title' has 921600 characters, more than the 200");
		assertThatExceptionOfType(InvalidPostEventException.class)
			.isThrownBy(() -> PostEventValidator.validate(record("p1", longName)))
			.withMessageContaining("author.name");
		assertThatExceptionOfType(InvalidPostEventException.class)
			.isThrownBy(() -> PostEventValidator.validate(record("p1", hugeExcerpt)))
			.withMessageContaining("excerptHtml");
	}

	@Test
	void rethrowsTheDeserializationFailureOfAnUnreadableRecord() {
		ConsumerRecord<String, @Nullable PostEvent> unreadable = record("p1", null);
		SerializationUtils.deserializationException(unreadable.headers(), "not json".getBytes(StandardCharsets.UTF_8),
				new IllegalStateException("Unexpected character"), false);

		assertThatExceptionOfType(DeserializationException.class)
			.isThrownBy(() -> PostEventValidator.validate(unreadable))
			.satisfies((ex) -> assertThat(new String(ex.getData(), StandardCharsets.UTF_8)).isEqualTo("not json"));
	}

	@Test
	void rejectsTombstones() {
		assertThatExceptionOfType(InvalidPostEventException.class)
			.isThrownBy(() -> PostEventValidator.validate(record("p1", null)));
	}

	@Test
	void acceptsAnAbsoluteWebUrlAsCoverImageUpToItsLengthLimit() {
		for (String url : new String[] { "https://img.example.org/a.jpg", "HTTP://img.example.org/a.jpg?w=800&h=600",
				"https://img.example.org/" + "x".repeat(2048 - 28) + ".jpg" }) {
			PostRendered rendered = rendered("p1", 1, "hello", ADA, "Hello", NOW, new CoverImage(url, "alt"));

			assertThat(PostEventValidator.validate(record("p1", rendered))).as(url).isSameAs(rendered);
		}
	}

	@Test
	void rejectsACoverImageUrlThatIsNotAnAbsoluteWebUrlOrTooLong() {
		String[] urls = { "javascript:alert(1)", "JavaScript:alert(1)", "data:image/svg+xml,<svg onload=alert(1)>",
				"file:///etc/passwd", "//evil.example.org/x.jpg", " https://img.example.org/a.jpg",
				"\u0001https://img.example.org/a.jpg", "java\tscript:alert(1)", "https://img.example.org/a\n.jpg",
				"https:///a.jpg", "https://", "ftp://img.example.org/a.jpg", "/img/a.jpg", "",
				"https://img.example.org/" + "x".repeat(2048 - 27) + ".jpg" };
		for (String url : urls) {
			PostRendered rendered = rendered("p1", 1, "hello", ADA, "Hello", NOW, new CoverImage(url, "alt"));

			assertThatExceptionOfType(InvalidPostEventException.class).as(url)
				.isThrownBy(() -> PostEventValidator.validate(record("p1", rendered)))
				.withMessageContaining("coverImage.url");
		}
	}

	private static ConsumerRecord<String, @Nullable PostEvent> record(String key, @Nullable PostEvent event) {
		return new ConsumerRecord<>(Topics.POSTS_RENDERED, 0, 0, key, event);
	}

}

package blog.pipeline.events;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract's JSON shape: stable type names, round trips, tolerance of unknown fields. */
class PostEventJsonTests {

	private final JsonMapper json = JsonMapper.builder().build();

	private final Draft draft = new Draft("Pela Case arrives on the blog!", "pela-case-arrives-on-the-blog",
			new Author("maria-sanda", "Maria Sanda"), "Teaser.\n\n<!--more-->\n\nThe rest.", null, List.of("partners"),
			new CoverImage("https://img.example.org/pela.jpg", "pela case"), null);

	@Test
	void everyEventRoundTripsThroughTheSealedInterface() {
		Instant now = Instant.parse("2026-11-27T10:15:30Z");
		List<PostEvent> events = List.of(new PostSubmitted("p1", 1, this.draft, now, now, null),
				new PostWithdrawn("p1", 2, now),
				new PostRendered(SchemaVersion.CURRENT, "p1", 1, "pela", this.draft.author(), "Pela", "<html></html>",
						"<p>Teaser.</p>", "Teaser.", 1, this.draft.coverImage(), List.of("partners"), now, now, now),
				new PostPublished(SchemaVersion.CURRENT, "p1", 1, "pela", "/posts/pela/",
						List.of("posts/pela/index.html"), List.of("/posts/pela/"), now, now),
				new PostUnpublished(SchemaVersion.CURRENT, "p1", 2, List.of("posts/pela/index.html"),
						List.of("/posts/pela/"), now, now));

		for (PostEvent event : events) {
			String text = this.json.writeValueAsString(event);
			assertThat(text).contains("\"type\":\"" + event.getClass().getSimpleName() + "\"")
				.doesNotContain("blog.pipeline");
			assertThat(this.json.readValue(text, PostEvent.class)).isEqualTo(event);
		}
	}

	@Test
	void unknownFieldsFromANewerProducerAreIgnored() {
		String text = """
				{"type":"PostWithdrawn","schemaVersion":1,"postId":"p1","version":3,
				 "acceptedAt":"2026-11-27T10:15:30Z","reason":"added by a later contract"}
				""";

		PostEvent event = this.json.readValue(text, PostEvent.class);

		assertThat(event).isEqualTo(new PostWithdrawn("p1", 3, Instant.parse("2026-11-27T10:15:30Z")));
	}

	@Test
	void onlyKnownSchemaVersionsAreSupported() {
		assertThat(SchemaVersion.isSupported(SchemaVersion.CURRENT)).isTrue();
		assertThat(SchemaVersion.isSupported(SchemaVersion.CURRENT + 1)).isFalse();
		assertThat(SchemaVersion.isSupported(0)).isFalse();
	}

	@Test
	void deadLetterTopicsAreNamedAfterTheirTopic() {
		assertThat(Topics.deadLetterOf(Topics.POSTS_SUBMITTED)).isEqualTo("posts.submitted.DLT");
	}

}

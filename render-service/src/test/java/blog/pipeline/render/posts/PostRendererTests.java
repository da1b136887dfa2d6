package blog.pipeline.render.posts;

import java.time.Instant;
import java.util.List;

import blog.pipeline.events.Author;
import blog.pipeline.events.CoverImage;
import blog.pipeline.events.Draft;
import blog.pipeline.events.PostRendered;
import blog.pipeline.events.SchemaVersion;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static blog.pipeline.render.posts.PostFixtures.ACCEPTED;
import static blog.pipeline.render.posts.PostFixtures.CREATED;
import static blog.pipeline.render.posts.PostFixtures.NOW;
import static blog.pipeline.render.posts.PostFixtures.draft;
import static blog.pipeline.render.posts.PostFixtures.submitted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** A submitted version becomes a rendered event carrying the page, the teaser and the post's metadata. */
class PostRendererTests {

	private final PostRenderer renderer = PostFixtures.renderer();

	@Test
	void pathSegmentCheckAcceptsWhatThePatternAccepts() {
		java.util.regex.Pattern segment = java.util.regex.Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}._~-]{0,199}");
		String[] pieces = { "a", "Z", "0", "9", ".", "_", "~", "-", "/", " ", "é", "好", "٣", "%", "\u00A0", "..", "x" };
		java.util.Random random = new java.util.Random(17);
		for (int run = 0; run < 20_000; run++) {
			StringBuilder value = new StringBuilder();
			int length = (run % 100 == 0) ? 195 + random.nextInt(10) : random.nextInt(6);
			for (int i = 0; i < length; i++) {
				value.append(pieces[random.nextInt(pieces.length)]);
			}

			assertThat(PostRenderer.isPathSegment(value.toString())).as("'%s'", value)
				.isEqualTo(segment.matcher(value).matches());
		}
	}

	@Test
	void rendersPageExcerptAndMetadata() {
		Instant publishAt = Instant.parse("2026-12-01T07:00:00Z");

		PostRendered rendered = this.renderer.render(submitted("post-1", draft("maria-sanda", publishAt)));

		assertThat(rendered.schemaVersion()).isEqualTo(SchemaVersion.CURRENT);
		assertThat(rendered.postId()).isEqualTo("post-1");
		assertThat(rendered.version()).isEqualTo(3);
		assertThat(rendered.slug()).isEqualTo("maria-sanda");
		assertThat(rendered.author()).isEqualTo(new Author("maria-sanda", "Maria Sanda"));
		assertThat(rendered.title()).isEqualTo("Maria Sanda, Legal Counsel at Back Market");
		assertThat(rendered.excerptText())
			.isEqualTo("Hello! Who are you?\n\nHi! I am Maria, I was born in Niger and raised in Paris.");
		assertThat(rendered.excerptHtml()).isEqualTo("<p>Hello! Who are you?</p>\n"
				+ "<p>Hi! I am <strong>Maria</strong>, I was born in Niger and raised in Paris.</p>\n");
		assertThat(rendered.readingTimeMinutes()).isEqualTo(1);
		assertThat(rendered.coverImage()).isEqualTo(
				new CoverImage("https://img.example.org/maria.jpg", "maria sanda juriste d'affaires back market"));
		assertThat(rendered.tags()).containsExactly("people", "legal");
		assertThat(rendered.publishedAt()).isEqualTo(publishAt);
		assertThat(rendered.acceptedAt()).isEqualTo(ACCEPTED);
		assertThat(rendered.renderedAt()).isEqualTo(NOW);

		Document page = Jsoup.parse(rendered.pageHtml());
		assertThat(page.selectFirst("h1").text()).isEqualTo("Maria Sanda, Legal Counsel at Back Market");
		assertThat(page.selectFirst("link[rel=canonical]").attr("href"))
			.isEqualTo("https://blog.example.org/posts/maria-sanda/");
		assertThat(page.selectFirst("time").text()).isEqualTo("1 December 2026");
		assertThat(page.selectFirst(".post-body").text()).contains("Back Market was my first internship");
		assertThat(page.select("script")).isEmpty();
	}

	@Test
	void postWithoutPublishTimeIsDatedWhenItsFirstVersionWasAccepted() {
		PostRendered rendered = this.renderer.render(submitted("post-1", draft("maria-sanda", null)));

		assertThat(rendered.publishedAt()).isEqualTo(CREATED);
		assertThat(Jsoup.parse(rendered.pageHtml()).selectFirst("time").attr("datetime"))
			.isEqualTo("2026-11-20T08:00:00Z");
	}

	@Test
	void readingTimeCountsTheWholeBody() {
		Draft draft = new Draft("Long", "long", new Author("a", "A"), "word ".repeat(401), null, List.of(), null, null);

		assertThat(this.renderer.render(submitted("post-2", draft)).readingTimeMinutes()).isEqualTo(3);
	}

	@ParameterizedTest
	@ValueSource(strings = { "../escape", "..", ".", "a/b", "a\\b", "with space", "", "-leading", "%2e%2e" })
	void slugThatIsNotOneSafePathSegmentIsRejected(String slug) {
		assertThatExceptionOfType(InvalidDraftException.class)
			.isThrownBy(() -> this.renderer.render(submitted("post-1", draft(slug, null))))
			.withMessageContaining("post-1");
	}

	@Test
	void authorIdThatCouldEscapeItsFolderIsRejected() {
		Draft draft = new Draft("T", "t", new Author("../admin", "A"), "x", null, List.of(), null, null);

		assertThatExceptionOfType(InvalidDraftException.class)
			.isThrownBy(() -> this.renderer.render(submitted("post-1", draft)));
	}

	@Test
	void coverImageMustBeAnAbsoluteWebUrl() {
		Draft draft = new Draft("T", "t", new Author("a", "A"), "x", null, List.of(),
				new CoverImage("javascript:alert(1)", "alt"), null);

		assertThatExceptionOfType(InvalidDraftException.class)
			.isThrownBy(() -> this.renderer.render(submitted("post-1", draft)))
			.withMessageContaining("cover image");
	}

	@Test
	@SuppressWarnings("DataFlowIssue")
	void draftWithMissingFieldsIsRejected() {
		Draft noTitle = new Draft(null, "t", new Author("a", "A"), "x", null, List.of(), null, null);
		Draft noBody = new Draft("T", "t", new Author("a", "A"), null, null, List.of(), null, null);
		Draft noAuthor = new Draft("T", "t", null, "x", null, List.of(), null, null);

		assertThatExceptionOfType(InvalidDraftException.class)
			.isThrownBy(() -> this.renderer.render(submitted("p", noTitle)));
		assertThatExceptionOfType(InvalidDraftException.class)
			.isThrownBy(() -> this.renderer.render(submitted("p", noBody)));
		assertThatExceptionOfType(InvalidDraftException.class)
			.isThrownBy(() -> this.renderer.render(submitted("p", noAuthor)));
	}

	@Test
	void draftBeyondTheMarkdownLimitsIsRejectedBeforeParsingNamingTheLimitAndLine() {
		Draft deep = new Draft("T", "t", new Author("a", "A"), "Intro\n\n" + ">".repeat(40_000) + " deep", null,
				List.of(), null, null);

		assertThatExceptionOfType(InvalidDraftException.class)
			.isThrownBy(() -> this.renderer.render(submitted("post-1", deep)))
			.withMessage("Draft of post 'post-1' is beyond the limits of a draft's Markdown: it has block quotes "
					+ "nested more than 32 deep (line 3)");
	}

	@Test
	void deepEmphasisAndInlineHtmlAreRenderedAsFarAsTheyNest() {
		for (String body : List.of("*".repeat(50_000) + "x" + "*".repeat(50_000), "<span>".repeat(100_000))) {
			Draft draft = new Draft("T", "t", new Author("a", "A"), body, null, List.of(), null, null);

			assertThat(this.renderer.render(submitted("post-1", draft)).pageHtml()).contains("class=\"post-body\"");
		}
	}

}

package blog.pipeline.render.posts;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import blog.pipeline.events.Author;
import blog.pipeline.events.CoverImage;
import blog.pipeline.events.Draft;
import blog.pipeline.events.PostRendered;
import blog.pipeline.events.PostSubmitted;
import blog.pipeline.render.excerpt.ExcerptExtractor;
import blog.pipeline.render.markdown.HtmlSanitizer;
import blog.pipeline.render.markdown.MarkdownRenderer;
import blog.pipeline.render.page.PageRenderer;
import blog.pipeline.render.page.SiteProperties;
import blog.pipeline.render.xss.XssVectors;
import org.jspecify.annotations.Nullable;

/** Drafts and a renderer wired like the application, for the tests of this package. */
final class PostFixtures {

	static final Instant CREATED = Instant.parse("2026-11-20T08:00:00Z");

	static final Instant ACCEPTED = Instant.parse("2026-11-27T10:00:00Z");

	static final Instant NOW = Instant.parse("2026-11-27T10:00:01Z");

	static final String BODY = """
			Hello! Who are you?

			Hi! I am **Maria**, I was born in Niger and raised in Paris.

			<!--more-->

			Back Market was my first internship <script>alert(1)</script>and I have stayed!
			""";

	private PostFixtures() {
	}

	static Draft draft(String slug, @Nullable Instant publishAt) {
		return new Draft("Maria Sanda, Legal Counsel at Back Market", slug, new Author("maria-sanda", "Maria Sanda"),
				BODY, null, List.of("people", "legal"),
				new CoverImage("https://img.example.org/maria.jpg", "maria sanda juriste d'affaires back market"),
				publishAt);
	}

	static PostSubmitted submitted(String postId, Draft draft) {
		return new PostSubmitted(postId, 3, draft, CREATED, ACCEPTED, null);
	}

	static PostRenderer renderer() {
		HtmlSanitizer sanitizer = new HtmlSanitizer();
		MarkdownRenderer markdown = new MarkdownRenderer(sanitizer);
		return new PostRenderer(markdown, new ExcerptExtractor(markdown, sanitizer),
				new PageRenderer(new SiteProperties("https://blog.example.org/", "The Blog")),
				Clock.fixed(NOW, ZoneOffset.UTC));
	}

	/** The XSS vector rendered by the application's renderer as the body of a post of its own. */
	static PostRendered rendered(PostRenderer renderer, XssVectors.Vector vector) {
		Draft draft = new Draft("Vector on line " + vector.line(), "vector-" + vector.line(),
				new Author("tester", "Tester"), vector.markdown(), null, List.of("xss"), null, null);
		return renderer.render(submitted("post-" + vector.line(), draft));
	}

}

package blog.pipeline.render.posts;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import blog.pipeline.events.Author;
import blog.pipeline.events.CoverImage;
import blog.pipeline.events.Draft;
import blog.pipeline.events.MarkdownLimits;
import blog.pipeline.events.PostRendered;
import blog.pipeline.events.PostSubmitted;
import blog.pipeline.events.SchemaVersion;
import blog.pipeline.render.excerpt.Excerpt;
import blog.pipeline.render.excerpt.ExcerptExtractor;
import blog.pipeline.render.excerpt.ReadingTime;
import blog.pipeline.render.markdown.MarkdownRenderer;
import blog.pipeline.render.markdown.SafeHtml;
import blog.pipeline.render.page.PageRenderer;
import blog.pipeline.render.page.PostPage;
import org.commonmark.node.Node;

import org.springframework.stereotype.Component;

/**
 * Turns a submitted version of a post into its rendered event: body, teaser, reading time and page. Checks the parts
 * of the draft that end up in paths and URLs again, so a contract breach can never produce an unsafe page.
 */
@Component
class PostRenderer {

	/** One path segment: starts with a letter or digit (so never {@code .} or {@code ..}), no slashes or spaces. */
	private static final Pattern PATH_SEGMENT = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}._~-]{0,199}");

	private final MarkdownRenderer markdown;

	private final ExcerptExtractor excerpts;

	private final PageRenderer pages;

	private final Clock clock;

	PostRenderer(MarkdownRenderer markdown, ExcerptExtractor excerpts, PageRenderer pages, Clock clock) {
		this.markdown = markdown;
		this.excerpts = excerpts;
		this.pages = pages;
		this.clock = clock;
	}

	PostRendered render(PostSubmitted submitted) {
		Draft draft = requireRenderable(submitted);
		Node document = parse(submitted.postId(), draft.bodyMarkdown());
		SafeHtml body = this.markdown.render(document);
		// after the body: the teaser may cut the tree
		Excerpt excerpt = this.excerpts.extract(document, draft.bodyMarkdown(), draft.excerpt());
		int readingTime = ReadingTime.minutes(body);
		Instant publishedAt = (draft.publishAt() != null) ? draft.publishAt() : submitted.createdAt();
		String page = this.pages.render(new PostPage(draft.title(), draft.slug(), draft.author(), body, excerpt.text(),
				readingTime, draft.coverImage(), draft.tags(), publishedAt));
		return new PostRendered(SchemaVersion.CURRENT, submitted.postId(), submitted.version(), draft.slug(),
				draft.author(), draft.title(), page, excerpt.html().html(), excerpt.text(), readingTime,
				draft.coverImage(), draft.tags(), publishedAt, submitted.acceptedAt(), this.clock.instant());
	}

	private Node parse(String postId, String markdown) {
		try {
			return this.markdown.parse(markdown);
		}
		catch (IllegalArgumentException ex) {
			// the parser's own limits (a table's cells) throw; the same text would throw again
			throw new InvalidDraftException("Draft of post '" + postId + "' cannot be parsed: " + ex.getMessage(),
					ex);
		}
	}

	/**
	 * Ingest validated the draft already; JSON can still carry nulls or unsafe values past the record types, and
	 * rendering must not depend on another service being right.
	 */
	@SuppressWarnings("ConstantValue")
	private static Draft requireRenderable(PostSubmitted submitted) {
		String postId = submitted.postId();
		Draft draft = submitted.draft();
		if (draft == null) {
			throw invalid(postId, "has no draft");
		}
		if (submitted.createdAt() == null || submitted.acceptedAt() == null) {
			throw invalid(postId, "has no createdAt or acceptedAt time");
		}
		if (draft.title() == null || draft.title().isBlank()) {
			throw invalid(postId, "has no title");
		}
		if (draft.slug() == null || !isPathSegment(draft.slug())) {
			throw invalid(postId, "has slug '" + draft.slug() + "', which is not a single safe path segment");
		}
		Author author = draft.author();
		if (author == null || author.id() == null || !isPathSegment(author.id())) {
			throw invalid(postId, "has no author or an author id that is not a single safe path segment");
		}
		if (author.name() == null || author.name().isBlank()) {
			throw invalid(postId, "has an author without a name");
		}
		if (draft.bodyMarkdown() == null) {
			throw invalid(postId, "has no body");
		}
		// before parsing: the parser's cost and depth grow with the nesting these limits bound
		Optional<MarkdownLimits.Violation> beyond = MarkdownLimits.check(draft.bodyMarkdown());
		if (beyond.isPresent()) {
			throw invalid(postId, "is beyond the limits of a draft's Markdown: it has " + beyond.get().describe());
		}
		CoverImage cover = draft.coverImage();
		if (cover != null && (cover.url() == null || !isAbsoluteWebUrl(cover.url()) || cover.alt() == null)) {
			throw invalid(postId, "has a cover image without an absolute http(s) URL or without alt text");
		}
		return draft;
	}

	/** Whether the value matches {@link #PATH_SEGMENT}; plain ASCII (nearly every slug) is checked without it. */
	static boolean isPathSegment(String value) {
		int length = value.length();
		if (length == 0 || length > 200) {
			return PATH_SEGMENT.matcher(value).matches();
		}
		for (int i = 0; i < length; i++) {
			char c = value.charAt(i);
			boolean letterOrDigit = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
			if (c >= 0x80 || !(letterOrDigit || (i > 0 && (c == '.' || c == '_' || c == '~' || c == '-')))) {
				return PATH_SEGMENT.matcher(value).matches();
			}
		}
		return true;
	}

	private static boolean isAbsoluteWebUrl(String url) {
		String lower = url.toLowerCase(Locale.ROOT);
		return (lower.startsWith("https://") || lower.startsWith("http://")) && url.chars().noneMatch((c) -> c <= ' ');
	}

	private static InvalidDraftException invalid(String postId, String problem) {
		return new InvalidDraftException("Draft of post '" + postId + "' " + problem);
	}

}

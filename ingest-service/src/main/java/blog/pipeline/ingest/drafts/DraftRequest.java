package blog.pipeline.ingest.drafts;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;

import blog.pipeline.events.Author;
import blog.pipeline.events.CoverImage;
import blog.pipeline.events.Draft;
import blog.pipeline.ingest.slug.SlugShaped;
import blog.pipeline.ingest.slug.Slugs;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * A draft as an editor sends it: the API contract. Each rule is a constraint on its field, so a new rule is one more
 * annotation (or a custom constraint next to {@link Utf8Size}); the error names the field by its JSON pointer.
 */
record DraftRequest(

		@NotBlank(message = REQUIRED) @Size(max = 200, message = AT_MOST_CHARACTERS) @Nullable String title,

		@NotNull(message = REQUIRED) @Valid @Nullable AuthorRequest author,

		@NotBlank(message = REQUIRED) @Utf8Size(max = 1_048_576,
				message = "must be at most {max} bytes (1 MiB) in UTF-8")
		@MarkdownWithinLimits @Nullable String bodyMarkdown,

		@Size(max = 300, message = AT_MOST_CHARACTERS) @Nullable String excerpt,

		@SlugShaped(message = SLUG_SHAPE) @Size(max = Slugs.MAX_LENGTH, message = AT_MOST_CHARACTERS)
		@Schema(pattern = Slugs.PATTERN) @Nullable String slug,

		@Size(max = 10, message = "must have at most {max} tags")
		@Nullable List<@NotBlank(message = REQUIRED) @Size(max = 40, message = AT_MOST_CHARACTERS) String> tags,

		@Valid @Nullable CoverImageRequest coverImage,

		@Nullable OffsetDateTime publishAt) {

	static final String REQUIRED = "is required and must not be blank";

	static final String AT_MOST_CHARACTERS = "must be at most {max} characters";

	static final String SLUG_SHAPE = "must be lowercase letters a-z and digits in groups joined by single dashes, "
			+ "e.g. my-first-post";

	/** The validated draft, with its resolved slug. Call only after validation passed. */
	Draft toDraft(String resolvedSlug) {
		AuthorRequest author = Objects.requireNonNull(this.author, "author");
		return new Draft(Objects.requireNonNull(this.title, "title"), resolvedSlug, author.toAuthor(),
				Objects.requireNonNull(this.bodyMarkdown, "bodyMarkdown"),
				(this.excerpt == null || this.excerpt.isBlank()) ? null : this.excerpt,
				(this.tags != null) ? this.tags : List.of(),
				(this.coverImage != null) ? this.coverImage.toCoverImage() : null,
				(this.publishAt != null) ? this.publishAt.toInstant() : null);
	}

	/** The post's author: the id names the author's page, so it has the shape of a slug. */
	record AuthorRequest(

			@NotNull(message = REQUIRED) @SlugShaped(message = SLUG_SHAPE)
			@Size(max = 64, message = AT_MOST_CHARACTERS) @Schema(pattern = Slugs.PATTERN) @Nullable String id,

			@NotBlank(message = REQUIRED) @Size(max = 100, message = AT_MOST_CHARACTERS) @Nullable String name) {

		Author toAuthor() {
			return new Author(Objects.requireNonNull(this.id, "author.id"),
					Objects.requireNonNull(this.name, "author.name"));
		}

	}

	/**
	 * The cover image; alt text may be empty for a purely decorative image. The URL's length limit is the one
	 * publish checks again ({@link CoverImage#MAX_URL_LENGTH}).
	 */
	record CoverImageRequest(@NotNull(message = REQUIRED) @HttpUrl
			@Size(max = CoverImage.MAX_URL_LENGTH, message = AT_MOST_CHARACTERS) @Nullable String url,
			@Size(max = 200, message = AT_MOST_CHARACTERS) @Nullable String alt) {

		CoverImage toCoverImage() {
			return new CoverImage(Objects.requireNonNull(this.url, "coverImage.url"),
					(this.alt != null) ? this.alt : "");
		}

	}

}

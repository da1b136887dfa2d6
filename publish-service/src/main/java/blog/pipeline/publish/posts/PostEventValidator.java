package blog.pipeline.publish.posts;

import blog.pipeline.events.CoverImage;
import blog.pipeline.events.PostEvent;
import blog.pipeline.events.PostRendered;
import blog.pipeline.events.PostWithdrawn;
import blog.pipeline.events.SchemaVersion;
import blog.pipeline.publish.bucket.SiteLayout;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;

import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;

/**
 * Decides whether a consumed record can be published at all: it deserialized, its schema version is supported, it is
 * a {@link PostRendered} or {@link PostWithdrawn} keyed by its post id, its slug and author id are safe folder
 * names, its cover image URL is an absolute http(s) URL, and its texts stay within what ingest accepts for a draft
 * (an absurd record, such as a title of hundreds of kilobytes, would otherwise be copied onto every index page and
 * into every index record). Records that fail can
 * never succeed on a retry.
 */
final class PostEventValidator {

	private static final LogAccessor logger = new LogAccessor(PostEventValidator.class);

	/** Ingest's limit on a draft's title, in characters. */
	static final int MAX_TITLE_LENGTH = 200;

	/** Ingest's limit on an author's name, in characters. */
	static final int MAX_AUTHOR_NAME_LENGTH = 100;

	/** Ingest's limit on a draft's Markdown body (1 MiB); no teaser can be longer than its body. */
	static final int MAX_EXCERPT_LENGTH = 1_048_576;

	private PostEventValidator() {
	}

	/**
	 * The record's event, if it can be published.
	 * @throws DeserializationException if the value could not be read (the original bytes travel in a header)
	 * @throws InvalidPostEventException if the event is unusable
	 */
	static PostEvent validate(ConsumerRecord<String, @Nullable PostEvent> record) {
		PostEvent event = record.value();
		if (event == null) {
			DeserializationException failure = SerializationUtils.getExceptionFromHeader(record,
					SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, logger);
			if (failure != null) {
				throw failure;
			}
			throw new InvalidPostEventException("Record has no value; posts are withdrawn with PostWithdrawn");
		}
		if (!SchemaVersion.isSupported(event.schemaVersion())) {
			throw new UnsupportedSchemaVersionException(event.schemaVersion());
		}
		String postId = required(event.postId(), "postId");
		if (!postId.equals(record.key())) {
			throw new InvalidPostEventException(
					"Record key '" + record.key() + "' is not the post id '" + postId + "' of its event");
		}
		if (event.version() < 1) {
			throw new InvalidPostEventException("Version " + event.version() + " of post " + postId + " is not >= 1");
		}
		if (event instanceof PostRendered rendered) {
			validate(rendered);
		}
		else if (event instanceof PostWithdrawn withdrawn) {
			required(withdrawn.acceptedAt(), "acceptedAt");
		}
		else {
			throw new InvalidPostEventException(event.getClass().getSimpleName() + " is not published: only "
					+ "PostRendered and PostWithdrawn belong on the rendered topic");
		}
		return event;
	}

	private static void validate(PostRendered rendered) {
		String slug = required(rendered.slug(), "slug");
		if (!SiteLayout.isSafeSegment(slug)) {
			throw new InvalidPostEventException("Slug '" + slug + "' is not a safe folder name");
		}
		String authorId = required(required(rendered.author(), "author").id(), "author.id");
		if (!SiteLayout.isSafeSegment(authorId)) {
			throw new InvalidPostEventException("Author id '" + authorId + "' is not a safe folder name");
		}
		atMost(required(rendered.author().name(), "author.name"), "author.name", MAX_AUTHOR_NAME_LENGTH);
		atMost(required(rendered.title(), "title"), "title", MAX_TITLE_LENGTH);
		required(rendered.pageHtml(), "pageHtml");
		atMost(required(rendered.excerptHtml(), "excerptHtml"), "excerptHtml", MAX_EXCERPT_LENGTH);
		atMost(required(rendered.excerptText(), "excerptText"), "excerptText", MAX_EXCERPT_LENGTH);
		required(rendered.publishedAt(), "publishedAt");
		required(rendered.acceptedAt(), "acceptedAt");
		if (rendered.coverImage() != null) {
			requireWebUrl(required(rendered.coverImage().url(), "coverImage.url"), "coverImage.url");
		}
	}

	/**
	 * Pages, feeds and indexes put the cover image URL into {@code src} and {@code href} attributes: anything but an
	 * absolute http(s) URL with a host ({@link CoverImage#isWebUrl}, the rule ingest applies) could run script or load
	 * from elsewhere, whatever render or ingest let through.
	 */
	private static void requireWebUrl(String url, String field) {
		atMost(url, field, CoverImage.MAX_URL_LENGTH);
		if (!CoverImage.isWebUrl(url)) {
			throw new InvalidPostEventException("Field '" + field + "' is not an absolute http(s) URL with a host: '"
					+ printable(url) + "'");
		}
	}

	/** The start of a value for a message, control characters shown as Java escapes. */
	private static String printable(String value) {
		StringBuilder printable = new StringBuilder();
		for (int i = 0; i < Math.min(value.length(), 100); i++) {
			char c = value.charAt(i);
			printable.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
		}
		return (value.length() > 100) ? printable + "..." : printable.toString();
	}

	private static void atMost(String value, String field, int maxLength) {
		if (value.length() > maxLength) {
			throw new InvalidPostEventException("Field '" + field + "' has " + value.length()
					+ " characters, more than the " + maxLength + " a draft may have");
		}
	}

	private static <T> T required(@Nullable T value, String field) {
		if (value == null) {
			throw new InvalidPostEventException("Field '" + field + "' is missing");
		}
		return value;
	}

}

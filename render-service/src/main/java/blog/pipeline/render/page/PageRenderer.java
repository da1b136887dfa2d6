package blog.pipeline.render.page;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import blog.pipeline.events.CoverImage;
import blog.pipeline.events.SiteStylesheet;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.Template;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriUtils;

/**
 * Applies the page template (compiled once; {@code templates/post.mustache} unless
 * {@link PageTemplateProperties#template()} names another) to a post. Every value is HTML-escaped by the template
 * except the body, which is inserted as is because it is {@link blog.pipeline.render.markdown.SafeHtml sanitized}.
 * The page links the site's one content-hashed stylesheet ({@link SiteStylesheet}), which publish-service uploads.
 * <p>
 * Why Mustache (JMustache): the template is logic-less, so everything a page shows is decided and tested in Java and
 * the template cannot grow code; it escapes every value by default and raw output needs the visible
 * {@code {{{triple}}}} form, used only for sanitized HTML; the library is one small jar with no dependencies, and a
 * compiled template renders a page in microseconds, which matters when a full replay re-renders every post. jte
 * would also be fast and safe but needs a compile step; Thymeleaf is heavier and slower for the same result.
 */
@Component
public class PageRenderer {

	static final String DEFAULT_TEMPLATE = "classpath:templates/post.mustache";

	private static final DateTimeFormatter DISPLAY_DATE = DateTimeFormatter.ofPattern("d MMMM uuuu", Locale.ENGLISH)
		.withZone(ZoneOffset.UTC);

	private static final String[] MONTHS = Arrays.stream(Month.values())
		.map((month) -> month.getDisplayName(TextStyle.FULL, Locale.ENGLISH))
		.toArray(String[]::new);

	/** The characters {@link #replacement} has an entity for, by code. */
	private static final boolean[] ESCAPED = new boolean[128];

	static {
		for (char c : "&'\"<>`=".toCharArray()) {
			ESCAPED[c] = true;
		}
	}

	private final SiteProperties site;

	private final Template template;

	/** Characters of the template itself, to size a page. */
	private final int templateLength;

	/**
	 * Whether the template has characters beyond Latin-1 (the default one has an arrow): then its pages need two
	 * bytes per character, and a page built in one-byte characters would be copied over once such a character came.
	 */
	private final boolean wideTemplate;

	/** The site's part of every page, worked out once. */
	private final Map<String, Object> siteModel;

	private final String basePath;

	/**
	 * The last escapings of long values, by identity hash: a page shows its description and title several times,
	 * and the model hands the template the same string each time. Shared by the threads that render pages: a slot
	 * holds an immutable pair, so a thread sees either a pair or another one, never half of one.
	 */
	private final Escaped[] recentlyEscaped = new Escaped[8];

	/** A renderer with the built-in template. */
	public PageRenderer(SiteProperties site) {
		this(site, new PageTemplateProperties(DEFAULT_TEMPLATE));
	}

	@Autowired
	public PageRenderer(SiteProperties site, PageTemplateProperties template) {
		this.site = site;
		String source = readTemplate(template.template());
		this.template = Mustache.compiler().withEscaper(this::escapeRepeated).compile(source);
		this.templateLength = source.length();
		this.wideTemplate = source.chars().anyMatch((c) -> c > 0xFF);
		this.basePath = site.basePath();
		this.siteModel = Map.of("language", site.language(), "siteTitle", site.title(), "homeUrl", this.basePath,
				"stylesheetUrl", this.basePath + SiteStylesheet.key());
	}

	public String render(PostPage page) {
		try {
			// sized for the body, the template and its values (the title and the description appear several times),
			// so the page is built without copying
			StringBuilderWriter out = new StringBuilderWriter(page.body().html().length() + this.templateLength
					+ 6 * (page.title().length() + page.description().length()) + 1024, this.wideTemplate);
			this.template.execute(model(page), out);
			return out.toString();
		}
		catch (MustacheException ex) {
			throw new PageRenderingException("Page template failed for post '" + page.slug() + "': " + ex.getMessage(),
					ex);
		}
	}

	/** The post's public, absolute URL: {@code {base-url}posts/{slug}/}. */
	public String canonicalUrl(String slug) {
		return this.site.baseUrl() + "posts/" + pathSegment(slug) + "/";
	}

	private Map<String, Object> model(PostPage page) {
		Map<String, Object> model = new HashMap<>(32);
		model.putAll(this.siteModel);
		model.put("title", page.title());
		model.put("description", page.description());
		model.put("canonicalUrl", canonicalUrl(page.slug()));
		model.put("authorName", page.author().name());
		model.put("authorUrl", this.basePath + "authors/" + pathSegment(page.author().id()) + "/");
		LocalDateTime published = LocalDateTime.ofInstant(page.publishedAt(), ZoneOffset.UTC);
		model.put("isoDate", isoDate(page.publishedAt(), published));
		model.put("displayDate", displayDate(page.publishedAt(), published));
		model.put("readingTime", page.readingTimeMinutes());
		CoverImage cover = page.coverImage();
		model.put("cover", (cover != null) ? List.of(Map.of("url", cover.url(), "alt", cover.alt())) : List.of());
		model.put("twitterCard", (cover != null) ? "summary_large_image" : "summary");
		model.put("tags", page.tags());
		model.put("hasTags", !page.tags().isEmpty());
		model.put("body", page.body().html());
		return model;
	}

	/**
	 * The segment percent-encoded as a URL path segment; slugs and author ids are nearly always plain ASCII letters,
	 * digits and dashes, which encoding leaves as they are, so only others go through the encoder.
	 */
	static String pathSegment(String segment) {
		for (int i = 0; i < segment.length(); i++) {
			char c = segment.charAt(i);
			boolean unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
					|| c == '.' || c == '_' || c == '~';
			if (!unreserved) {
				return UriUtils.encodePathSegment(segment, StandardCharsets.UTF_8);
			}
		}
		return segment;
	}

	/**
	 * {@code DateTimeFormatter.ISO_INSTANT} of the time truncated to seconds, written directly for years 0 to 9999
	 * (which it prints as four digits); other years through the formatter.
	 */
	static String isoDate(Instant instant, LocalDateTime utc) {
		if (utc.getYear() < 0 || utc.getYear() > 9999) {
			return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
		}
		StringBuilder iso = new StringBuilder(20);
		digits(iso, utc.getYear(), 4).append('-');
		digits(iso, utc.getMonthValue(), 2).append('-');
		digits(iso, utc.getDayOfMonth(), 2).append('T');
		digits(iso, utc.getHour(), 2).append(':');
		digits(iso, utc.getMinute(), 2).append(':');
		return digits(iso, utc.getSecond(), 2).append('Z').toString();
	}

	/** {@code d MMMM uuuu} in English, written directly for years 0 to 9999; other years through the formatter. */
	static String displayDate(Instant instant, LocalDateTime utc) {
		if (utc.getYear() < 0 || utc.getYear() > 9999) {
			return DISPLAY_DATE.format(instant);
		}
		StringBuilder date = new StringBuilder(20).append(utc.getDayOfMonth())
			.append(' ')
			.append(MONTHS[utc.getMonthValue() - 1])
			.append(' ');
		return digits(date, utc.getYear(), 4).toString();
	}

	private static StringBuilder digits(StringBuilder text, int value, int width) {
		String number = Integer.toString(value);
		for (int i = number.length(); i < width; i++) {
			text.append('0');
		}
		return text.append(number);
	}

	/** {@link #escape}, remembered for long values, which pages repeat. */
	private String escapeRepeated(String raw) {
		if (raw.length() < 32) {
			return escape(raw);
		}
		int slot = System.identityHashCode(raw) & (this.recentlyEscaped.length - 1);
		Escaped recent = this.recentlyEscaped[slot];
		if (recent != null && recent.raw() == raw) {
			return recent.escaped();
		}
		String escaped = escape(raw);
		this.recentlyEscaped[slot] = new Escaped(raw, escaped);
		return escaped;
	}

	/** A value and its escaping. */
	private record Escaped(String raw, String escaped) {
	}

	/**
	 * HTML escaping as JMustache's own ({@code & ' " < > ` =}), in one pass, and without copying values that need none
	 * (most of them).
	 */
	static String escape(String raw) {
		int length = raw.length();
		int first = 0;
		while (first < length && !isEscaped(raw.charAt(first))) {
			first++;
		}
		if (first == length) {
			return raw;
		}
		StringBuilder escaped = new StringBuilder(length + 16);
		int plain = 0;
		for (int i = first; i < length; i++) {
			char c = raw.charAt(i);
			if (isEscaped(c)) {
				escaped.append(raw, plain, i).append(replacement(c));
				plain = i + 1;
			}
		}
		return escaped.append(raw, plain, length).toString();
	}

	private static boolean isEscaped(char c) {
		return c < ESCAPED.length && ESCAPED[c];
	}

	private static String replacement(char c) {
		return switch (c) {
			case '&' -> "&amp;";
			case '\'' -> "&#39;";
			case '"' -> "&quot;";
			case '<' -> "&lt;";
			case '>' -> "&gt;";
			case '`' -> "&#x60;";
			case '=' -> "&#x3D;";
			default -> throw new IllegalArgumentException("No entity for '" + c + "'");
		};
	}

	/** A writer into a string builder (no synchronization, unlike {@code StringWriter}). */
	private static final class StringBuilderWriter extends Writer {

		private final StringBuilder text;

		StringBuilderWriter(int capacity, boolean wide) {
			if (wide) {
				// two bytes per character from the start (the text is the same either way): a builder made from a
				// two-byte string is one, and grows once to the capacity without copying more than that character
				this.text = new StringBuilder("\u0100");
				this.text.ensureCapacity(capacity);
				this.text.setLength(0);
			}
			else {
				this.text = new StringBuilder(capacity);
			}
		}

		@Override
		public void write(char[] characters, int offset, int length) {
			this.text.append(characters, offset, length);
		}

		@Override
		public void write(String string) {
			this.text.append(string);
		}

		@Override
		public void write(String string, int offset, int length) {
			this.text.append(string, offset, offset + length);
		}

		@Override
		public Writer append(CharSequence characters) {
			this.text.append(characters);
			return this;
		}

		@Override
		public void flush() {
		}

		@Override
		public void close() {
		}

		@Override
		public String toString() {
			return this.text.toString();
		}

	}

	private static String readTemplate(String location) {
		try {
			return new DefaultResourceLoader().getResource(location).getContentAsString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Page template " + location + " (pipeline.page.template) cannot be read",
					ex);
		}
	}

}

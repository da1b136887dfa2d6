package blog.pipeline.render.page;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import blog.pipeline.events.CoverImage;
import blog.pipeline.events.SiteStylesheet;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.Template;

import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriUtils;

/**
 * Applies {@code templates/post.mustache} (compiled once) to a post. Every value is HTML-escaped by the template
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

	static final String TEMPLATE = "templates/post.mustache";

	private static final DateTimeFormatter DISPLAY_DATE = DateTimeFormatter.ofPattern("d MMMM uuuu", Locale.ENGLISH)
		.withZone(ZoneOffset.UTC);

	private final SiteProperties site;

	private final Template template;

	public PageRenderer(SiteProperties site) {
		this.site = site;
		this.template = Mustache.compiler().escapeHTML(true).compile(readTemplate());
	}

	public String render(PostPage page) {
		try {
			return this.template.execute(model(page));
		}
		catch (MustacheException ex) {
			throw new PageRenderingException("Page template failed for post '" + page.slug() + "': " + ex.getMessage(),
					ex);
		}
	}

	/** The post's public, absolute URL: {@code {base-url}posts/{slug}/}. */
	public String canonicalUrl(String slug) {
		return this.site.baseUrl() + "posts/" + UriUtils.encodePathSegment(slug, StandardCharsets.UTF_8) + "/";
	}

	private Map<String, Object> model(PostPage page) {
		Map<String, Object> model = new HashMap<>();
		model.put("language", this.site.language());
		model.put("siteTitle", this.site.title());
		model.put("homeUrl", this.site.basePath());
		model.put("stylesheetUrl", this.site.basePath() + SiteStylesheet.key());
		model.put("title", page.title());
		model.put("description", page.description());
		model.put("canonicalUrl", canonicalUrl(page.slug()));
		model.put("authorName", page.author().name());
		model.put("authorUrl", this.site.basePath() + "authors/"
				+ UriUtils.encodePathSegment(page.author().id(), StandardCharsets.UTF_8) + "/");
		model.put("isoDate", DateTimeFormatter.ISO_INSTANT.format(page.publishedAt().truncatedTo(ChronoUnit.SECONDS)));
		model.put("displayDate", DISPLAY_DATE.format(page.publishedAt()));
		model.put("readingTime", page.readingTimeMinutes());
		CoverImage cover = page.coverImage();
		model.put("cover", (cover != null) ? List.of(Map.of("url", cover.url(), "alt", cover.alt())) : List.of());
		model.put("twitterCard", (cover != null) ? "summary_large_image" : "summary");
		model.put("tags", page.tags());
		model.put("hasTags", !page.tags().isEmpty());
		model.put("body", page.body().html());
		return model;
	}

	private static String readTemplate() {
		try {
			return new ClassPathResource(TEMPLATE).getContentAsString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Page template " + TEMPLATE + " cannot be read from the classpath", ex);
		}
	}

}

package blog.pipeline.publish.authorindex;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import blog.pipeline.events.Author;
import blog.pipeline.events.CoverImage;
import blog.pipeline.publish.PublishProperties;
import blog.pipeline.publish.bucket.SiteLayout;
import blog.pipeline.publish.catalog.CatalogEntry;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import org.jspecify.annotations.Nullable;

import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * Renders an author's "All Posts By" page ({@code authors/{authorId}/index.html}): every live post of the author,
 * newest first, each once, with its title, cover image, excerpt and a "Continue reading" link.
 * <p>
 * The excerpt HTML was sanitized by render-service and is inserted as is; everything else is escaped.
 */
@Component
public class AuthorIndexPage {

	/** Newest first by publish date, then by post id so equal dates keep a stable order. */
	static final Comparator<CatalogEntry> NEWEST_FIRST = Comparator
		.comparing(CatalogEntry::publishedAt, Comparator.nullsLast(Comparator.reverseOrder()))
		.thenComparing(CatalogEntry::postId);

	private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("MMMM d, uuuu", Locale.ENGLISH)
		.withZone(ZoneOffset.UTC);

	private final Template template;

	private final String siteTitle;

	public AuthorIndexPage(PublishProperties properties) {
		this.template = compile("templates/author.mustache");
		this.siteTitle = properties.siteTitle();
	}

	/**
	 * The page of the author with id {@code authorId}, listing the author's live posts among {@code entries}; empty
	 * if the author has none. The author's name is taken from the most recently accepted of those posts.
	 */
	public Optional<String> render(String authorId, Collection<CatalogEntry> entries) {
		List<CatalogEntry> posts = listing(authorId, entries);
		if (posts.isEmpty()) {
			return Optional.empty();
		}
		Author author = posts.stream().max(Comparator.comparing(CatalogEntry::acceptedAt)).orElseThrow().author();
		Map<String, Object> model = Map.of("siteTitle", this.siteTitle, "authorName", author.name(), "posts",
				posts.stream().map(AuthorIndexPage::item).toList());
		return Optional.of(this.template.execute(model));
	}

	/** The author's live posts among {@code entries}, newest first, each post once (its highest version). */
	static List<CatalogEntry> listing(String authorId, Collection<CatalogEntry> entries) {
		Map<String, CatalogEntry> latest = new LinkedHashMap<>();
		for (CatalogEntry entry : entries) {
			latest.merge(entry.postId(), entry, (a, b) -> (b.version() > a.version()) ? b : a);
		}
		return latest.values().stream().filter((entry) -> entry.liveBy(authorId)).sorted(NEWEST_FIRST).toList();
	}

	private static Item item(CatalogEntry entry) {
		Instant published = entry.publishedAt();
		return new Item(SiteLayout.postPath(entry.slug()), entry.title(), entry.excerptHtml(),
				(published != null) ? published.toString() : "",
				(published != null) ? DATE.format(published) : "", cover(entry.coverImage()));
	}

	/** The cover to show: only http(s) images are shown, whatever reached the catalog. */
	private static @Nullable Cover cover(@Nullable CoverImage image) {
		if (image == null || !(image.url().startsWith("https://") || image.url().startsWith("http://"))) {
			return null;
		}
		return new Cover(image.url(), (image.alt() != null) ? image.alt() : "");
	}

	static Template compile(String location) {
		try (Reader reader = new InputStreamReader(new ClassPathResource(location).getInputStream(),
				StandardCharsets.UTF_8)) {
			return Mustache.compiler().escapeHTML(true).compile(reader);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read template " + location, ex);
		}
	}

	/** One post on the page. */
	public record Item(String href, String title, String excerptHtml, String publishedIso, String publishedDate,
			@Nullable Cover cover) {

	}

	/** A post's cover image. */
	public record Cover(String src, String alt) {

	}

}

package blog.pipeline.publish.homepage;

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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import blog.pipeline.events.Author;
import blog.pipeline.publish.PublishProperties;
import blog.pipeline.publish.bucket.SiteLayout;
import blog.pipeline.publish.catalog.CatalogEntry;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;

import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * Renders the home page ({@code index.html}): a link to the page of every author with at least one live post, and the
 * newest posts across all authors.
 */
@Component
public class HomePage {

	private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("MMMM d, uuuu", Locale.ENGLISH)
		.withZone(ZoneOffset.UTC);

	private static final Comparator<CatalogEntry> NEWEST_FIRST = Comparator
		.comparing(CatalogEntry::publishedAt, Comparator.nullsLast(Comparator.reverseOrder()))
		.thenComparing(CatalogEntry::postId);

	private final Template template;

	private final String siteTitle;

	private final int recentPosts;

	public HomePage(PublishProperties properties) {
		this.template = compile("templates/home.mustache");
		this.siteTitle = properties.siteTitle();
		this.recentPosts = properties.homeRecentPosts();
	}

	/** The home page for the live posts among {@code entries}. */
	public String render(Collection<CatalogEntry> entries) {
		List<CatalogEntry> live = entries.stream().filter(CatalogEntry::live).toList();
		Map<String, Object> model = Map.of("siteTitle", this.siteTitle, "authors", authors(live), "posts",
				live.stream().sorted(NEWEST_FIRST).limit(this.recentPosts).map(HomePage::recent).toList());
		return this.template.execute(model);
	}

	/** One link per author, named as in the author's most recently accepted post, sorted by name. */
	private static List<AuthorLink> authors(List<CatalogEntry> live) {
		Map<String, CatalogEntry> latestByAuthor = new HashMap<>();
		for (CatalogEntry entry : live) {
			latestByAuthor.merge(entry.author().id(), entry,
					(a, b) -> (b.acceptedAt().isAfter(a.acceptedAt())) ? b : a);
		}
		return latestByAuthor.values()
			.stream()
			.map(CatalogEntry::author)
			.sorted(Comparator.comparing(Author::name, String.CASE_INSENSITIVE_ORDER).thenComparing(Author::id))
			.map((author) -> new AuthorLink(SiteLayout.authorPath(author.id()), author.name()))
			.toList();
	}

	private static RecentPost recent(CatalogEntry entry) {
		Instant published = entry.publishedAt();
		return new RecentPost(SiteLayout.postPath(entry.slug()), entry.title(), entry.author().name(),
				SiteLayout.authorPath(entry.author().id()), (published != null) ? published.toString() : "",
				(published != null) ? DATE.format(published) : "");
	}

	private static Template compile(String location) {
		try (Reader reader = new InputStreamReader(new ClassPathResource(location).getInputStream(),
				StandardCharsets.UTF_8)) {
			return Mustache.compiler().escapeHTML(true).compile(reader);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read template " + location, ex);
		}
	}

	/** An author's entry on the home page. */
	public record AuthorLink(String href, String name) {

	}

	/** One of the newest posts. */
	public record RecentPost(String href, String title, String authorName, String authorHref, String publishedIso,
			String publishedDate) {

	}

}

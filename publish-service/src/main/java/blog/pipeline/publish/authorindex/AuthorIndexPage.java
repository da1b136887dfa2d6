package blog.pipeline.publish.authorindex;

import java.time.Instant;
import java.time.YearMonth;
import java.time.format.TextStyle;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import blog.pipeline.events.Author;
import blog.pipeline.events.CoverImage;
import blog.pipeline.events.SiteStylesheet;
import blog.pipeline.publish.PublishProperties;
import blog.pipeline.publish.bucket.SiteLayout;
import blog.pipeline.publish.catalog.CatalogEntry;
import blog.pipeline.publish.pages.Templates;
import com.samskivert.mustache.Template;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Renders an author's "All Posts By" pages: the author page ({@code authors/{id}/index.html}) with the newest posts,
 * and one stable archive page per month ({@code authors/{id}/2026/11/index.html}) that only changes when a post of
 * that month does. Each post shows its title, cover image, excerpt and a "Continue reading" link; every page links
 * the archive months.
 * <p>
 * The excerpt HTML was sanitized by render-service and is inserted as is; everything else is escaped.
 */
@Component
public class AuthorIndexPage {

	private final Template template = Templates.compile("author");

	private final String siteTitle;

	public AuthorIndexPage(PublishProperties properties) {
		this.siteTitle = properties.siteTitle();
	}

	/**
	 * The author page: the newest posts (already limited, newest first), links to the most recent archive months
	 * and, when {@code moreMonths}, to the page that lists them all.
	 */
	public String renderLatest(Author author, List<CatalogEntry> newest, List<YearMonth> recentMonths,
			boolean moreMonths) {
		return render(latestModel(author, newest, recentMonths, moreMonths));
	}

	/** What {@link #renderLatest} shows: equal models make the same page. */
	Map<String, Object> latestModel(Author author, List<CatalogEntry> newest, List<YearMonth> recentMonths,
			boolean moreMonths) {
		return model(author, null, null, newest, recentMonths, moreMonths);
	}

	/** The archive page of {@code month}: every post of the month, newest first. */
	public String renderMonth(Author author, YearMonth month, List<CatalogEntry> posts) {
		return render(monthModel(author, month, posts));
	}

	/** What {@link #renderMonth} shows: equal models make the same page. */
	Map<String, Object> monthModel(Author author, YearMonth month, List<CatalogEntry> posts) {
		return model(author, month, label(month), posts, List.of(), false);
	}

	/** The page that links every archive month of the author, newest first. */
	public String renderArchiveList(Author author, List<YearMonth> months) {
		return render(model(author, null, "All months", List.of(), months, false));
	}

	/** The page of a model made by this class. */
	String render(Map<String, Object> model) {
		return this.template.execute(model);
	}

	private Map<String, Object> model(Author author, @Nullable YearMonth month, @Nullable String subtitle,
			List<CatalogEntry> posts, List<YearMonth> months, boolean moreMonths) {
		Map<String, Object> model = new HashMap<>();
		model.put("siteTitle", this.siteTitle);
		model.put("stylesheet", SiteStylesheet.url());
		model.put("authorName", author.name());
		model.put("authorHref", SiteLayout.authorPath(author.id()));
		model.put("feedHref", SiteLayout.pathOf(SiteLayout.authorFeedKey(author.id())));
		model.put("month", subtitle);
		model.put("allMonthsHref", moreMonths ? SiteLayout.pathOf(SiteLayout.authorArchiveKey(author.id())) : null);
		model.put("posts", posts.stream().map(AuthorIndexPage::item).toList());
		model.put("hasArchive", !months.isEmpty());
		model.put("archive", months.stream()
			.map((m) -> new MonthLink(SiteLayout.pathOf(SiteLayout.authorMonthKey(author.id(), m)), label(m),
					m.equals(month)))
			.toList());
		return model;
	}

	static String label(YearMonth month) {
		return month.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH) + " " + month.getYear();
	}

	private static Item item(CatalogEntry entry) {
		Instant published = entry.publishedAt();
		return new Item(SiteLayout.postPath(entry.slug()), entry.title(), entry.excerptHtml(),
				(published != null) ? published.toString() : "",
				(published != null) ? Templates.readable(published) : "", cover(entry.coverImage()));
	}

	/** The cover to show: only http(s) images are shown, whatever reached the index. */
	private static @Nullable Cover cover(@Nullable CoverImage image) {
		if (image == null || !(image.url().startsWith("https://") || image.url().startsWith("http://"))) {
			return null;
		}
		return new Cover(image.url(), (image.alt() != null) ? image.alt() : "");
	}

	/** One post on the page. */
	public record Item(String href, String title, String excerptHtml, String publishedIso, String publishedDate,
			@Nullable Cover cover) {

	}

	/** A post's cover image. */
	public record Cover(String src, String alt) {

	}

	/** A link to a monthly archive page. */
	public record MonthLink(String href, String label, boolean current) {

	}

}

package blog.pipeline.render.page;

import java.net.URI;
import java.util.Locale;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The public site the pages are written for.
 *
 * @param baseUrl the site's absolute URL, ending with a slash (one is added if missing); canonical URLs start with it
 * @param title the site's name, shown in the page header and the window title
 */
@ConfigurationProperties("pipeline.site")
public record SiteProperties(@DefaultValue("http://localhost:8080/") String baseUrl,
		@DefaultValue("Blog") String title) {

	public SiteProperties {
		baseUrl = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
		String scheme = URI.create(baseUrl).getScheme();
		if (scheme == null || !(scheme.toLowerCase(Locale.ROOT).equals("http")
				|| scheme.toLowerCase(Locale.ROOT).equals("https"))) {
			throw new IllegalArgumentException(
					"pipeline.site.base-url must be an absolute http(s) URL, but was '" + baseUrl + "'");
		}
	}

	/** The path part of the base URL (e.g. {@code /} or {@code /blog/}), for site-relative links. */
	public String basePath() {
		String path = URI.create(this.baseUrl).getRawPath();
		return (path == null || path.isEmpty()) ? "/" : path;
	}

}

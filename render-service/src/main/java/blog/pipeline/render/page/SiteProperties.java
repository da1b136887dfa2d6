package blog.pipeline.render.page;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The public site the pages are written for.
 *
 * @param baseUrl the site's absolute URL, ending with a slash (one is added if missing); canonical URLs start with it
 * @param title the site's name, shown in the page header and the window title
 * @param language the language of the site's posts, as a BCP 47 tag for the pages' {@code lang} attribute
 */
@ConfigurationProperties("pipeline.site")
public record SiteProperties(@DefaultValue("http://localhost:8080/") String baseUrl, @DefaultValue("Blog") String title,
		@DefaultValue("en") String language) {

	private static final Pattern LANGUAGE_TAG = Pattern.compile("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*");

	/** A site in English. */
	public SiteProperties(String baseUrl, String title) {
		this(baseUrl, title, "en");
	}

	@ConstructorBinding
	public SiteProperties {
		baseUrl = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
		String scheme = URI.create(baseUrl).getScheme();
		if (scheme == null || !(scheme.toLowerCase(Locale.ROOT).equals("http")
				|| scheme.toLowerCase(Locale.ROOT).equals("https"))) {
			throw new IllegalArgumentException(
					"pipeline.site.base-url must be an absolute http(s) URL, but was '" + baseUrl + "'");
		}
		if (!LANGUAGE_TAG.matcher(language).matches()) {
			throw new IllegalArgumentException(
					"pipeline.site.language must be a language tag such as 'en' or 'fr-FR', but was '" + language + "'");
		}
	}

	/** The path part of the base URL (e.g. {@code /} or {@code /blog/}), for site-relative links. */
	public String basePath() {
		String path = URI.create(this.baseUrl).getRawPath();
		return (path == null || path.isEmpty()) ? "/" : path;
	}

}

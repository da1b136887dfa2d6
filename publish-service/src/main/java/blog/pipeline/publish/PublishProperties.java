package blog.pipeline.publish;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the site is published.
 *
 * @param htmlCacheControl the {@code Cache-Control} of every HTML object (short browser TTL, longer CDN TTL)
 * @param siteTitle the site's name, on the home page and in page titles
 * @param homeRecentPosts how many of the newest posts the home page lists
 * @param sendTimeout how long a batch waits for Kafka to acknowledge the records it produces
 * @param authorRecentPosts how many of the author's newest posts the author page shows (older ones are on the
 * monthly archive pages)
 * @param feedEntries how many of the newest posts a feed carries
 * @param siteUrl the site's public base URL, for absolute links in feeds, sitemaps and canonical links
 * @param feedCacheControl the {@code Cache-Control} of the Atom feeds
 * @param sitemapCacheControl the {@code Cache-Control} of the sitemap index and its parts
 * @param assetCacheControl the {@code Cache-Control} of content-hashed assets (the stylesheet)
 * @param concurrency consumer threads per listener in one instance
 * @param authorRecentMonths how many archive months the author page links (a page lists them all)
 * @param sitemapParts over how many sitemap parts the posts are spread (by a hash of the post id): a change rewrites
 * one part of about posts ÷ parts URLs, and a batch of n changes up to n parts; at most {@value #MAX_SITEMAP_PARTS} (the
 * sitemap index holds 50,000 entries, one is the pages part), and a part holds 50,000 URLs, so the default of 64 parts
 * lists up to 3.2 million posts. Changing it rewrites every part once and deletes the parts of the old number.
 * @param sitemapDelay while changes keep coming, how soon a sitemap part is written again after it was written: a
 * change to a part written less than this ago waits for the first batch after that, together with every other change
 * to the part meanwhile, so a steady stream of edits rewrites each part once per delay, not once per batch; once the
 * site stage had no change for a second, every part put off is written (crawlers read sitemaps far less often, and the
 * CDN keeps them for the sitemap's {@code s-maxage}); {@code 0} writes every changed part with its batch. The post
 * page, author pages, home page and feed are never delayed.
 */
@ConfigurationProperties("pipeline.publish")
public record PublishProperties(@DefaultValue("public, max-age=60, s-maxage=300") String htmlCacheControl,
		@DefaultValue("Blog") String siteTitle, @DefaultValue("10") int homeRecentPosts,
		@DefaultValue("30s") Duration sendTimeout, @DefaultValue("10") int authorRecentPosts,
		@DefaultValue("20") int feedEntries, @DefaultValue("http://localhost:8080") URI siteUrl,
		@DefaultValue("public, max-age=60, s-maxage=300") String feedCacheControl,
		@DefaultValue("public, max-age=300, s-maxage=3600") String sitemapCacheControl,
		@DefaultValue("public, max-age=31536000, immutable") String assetCacheControl,
		@DefaultValue("1") int concurrency, @DefaultValue("12") int authorRecentMonths,
		@DefaultValue("64") int sitemapParts, @DefaultValue("10s") Duration sitemapDelay) {

	/** The most sitemap parts of posts: a sitemap index lists at most 50,000 parts, and one is the pages part. */
	public static final int MAX_SITEMAP_PARTS = 49_999;

	public PublishProperties {
		if (sitemapParts < 1 || sitemapParts > MAX_SITEMAP_PARTS) {
			throw new IllegalArgumentException("pipeline.publish.sitemap-parts must be between 1 and "
					+ MAX_SITEMAP_PARTS + " (the sitemap index lists at most 50,000 parts), not " + sitemapParts);
		}
		if (sitemapDelay.isNegative()) {
			throw new IllegalArgumentException(
					"pipeline.publish.sitemap-delay must be 0 (no delay) or more, not " + sitemapDelay);
		}
	}

	/** The absolute URL of a site path such as {@code /posts/x/}. */
	public String absolute(String path) {
		String base = this.siteUrl.toString();
		return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
	}

}

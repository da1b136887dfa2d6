package blog.pipeline.publish.bucket;

import java.time.Instant;
import java.time.YearMonth;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SiteLayoutTests {

	@Test
	void mapsPostsAndAuthorsToFoldersTheCdnServes() {
		assertThat(SiteLayout.postKey("hello-world")).isEqualTo("posts/hello-world/index.html");
		assertThat(SiteLayout.postPath("hello-world")).isEqualTo("/posts/hello-world/");
		assertThat(SiteLayout.authorKey("maria")).isEqualTo("authors/maria/index.html");
		assertThat(SiteLayout.authorPath("maria")).isEqualTo("/authors/maria/");
	}

	@Test
	void mapsArchivesFeedsAndSitemapPartsToStableKeys() {
		assertThat(SiteLayout.authorMonthKey("maria", YearMonth.of(2026, 3))).isEqualTo("authors/maria/2026/03/index.html");
		assertThat(SiteLayout.authorFeedKey("maria")).isEqualTo("authors/maria/feed.xml");
		assertThat(SiteLayout.sitemapMonthKey(YearMonth.of(2026, 11))).isEqualTo("sitemaps/posts-2026-11.xml");
		assertThat(SiteLayout.monthOf(Instant.parse("2026-11-30T23:59:59Z"))).isEqualTo(YearMonth.of(2026, 11));
	}

	@Test
	void servesFolderPagesAtTheirFolderAndOtherObjectsAtTheirKey() {
		assertThat(SiteLayout.pathOf("index.html")).isEqualTo("/");
		assertThat(SiteLayout.pathOf("authors/maria/2026/03/index.html")).isEqualTo("/authors/maria/2026/03/");
		assertThat(SiteLayout.pathOf("sitemap.xml")).isEqualTo("/sitemap.xml");
	}

	@Test
	void neverBuildsAKeyOutsideItsFolder() {
		assertThatIllegalArgumentException().isThrownBy(() -> SiteLayout.postKey(".."));
		assertThatIllegalArgumentException().isThrownBy(() -> SiteLayout.postKey("a/../../b"));
		assertThatIllegalArgumentException().isThrownBy(() -> SiteLayout.authorKey(""));
		assertThat(SiteLayout.isSafeSegment("v1.2_final-post")).isTrue();
	}

}

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
		assertThat(SiteLayout.sitemapPartKey(7, 64)).isEqualTo("sitemaps/posts-7-of-64.xml")
			.startsWith(SiteLayout.SITEMAP_POSTS_PREFIX);
		assertThat(SiteLayout.SITEMAP_PAGES_KEY).doesNotStartWith(SiteLayout.SITEMAP_POSTS_PREFIX);
		assertThat(SiteLayout.monthOf(Instant.parse("2026-11-30T23:59:59Z"))).isEqualTo(YearMonth.of(2026, 11));
	}

	@Test
	void aPostsSitemapPartIsTheCrc32OfItsIdSoEveryInstanceAndReleaseAgrees() {
		// pinned: another hash would move every post to another part (the writer would redo the layout once)
		assertThat(SiteLayout.sitemapPartOf("a", 64)).isEqualTo(3);
		assertThat(SiteLayout.sitemapPartOf("hello", 64)).isEqualTo(6);
		assertThat(SiteLayout.sitemapPartOf("p1", 64)).isEqualTo(51);
		assertThat(SiteLayout.sitemapPartOf("b", 4)).isEqualTo(1);
		assertThat(SiteLayout.sitemapPartOf("anything", 1)).isZero();
	}

	@Test
	void postsSpreadEvenlyOverTheSitemapParts() {
		int[] posts = new int[64];
		for (int i = 0; i < 10_000; i++) {
			posts[SiteLayout.sitemapPartOf("post-" + i, 64)]++;
		}
		// 156 on average: no part is empty or twice as big as another
		assertThat(java.util.Arrays.stream(posts).min().orElseThrow()).isGreaterThanOrEqualTo(120);
		assertThat(java.util.Arrays.stream(posts).max().orElseThrow()).isLessThanOrEqualTo(200);
	}

	@Test
	void aPartOutsideTheLayoutHasNoKey() {
		assertThatIllegalArgumentException().isThrownBy(() -> SiteLayout.sitemapPartKey(64, 64));
		assertThatIllegalArgumentException().isThrownBy(() -> SiteLayout.sitemapPartKey(-1, 64));
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

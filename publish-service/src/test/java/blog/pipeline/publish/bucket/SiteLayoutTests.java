package blog.pipeline.publish.bucket;

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
	void neverBuildsAKeyOutsideItsFolder() {
		assertThatIllegalArgumentException().isThrownBy(() -> SiteLayout.postKey(".."));
		assertThatIllegalArgumentException().isThrownBy(() -> SiteLayout.postKey("a/../../b"));
		assertThatIllegalArgumentException().isThrownBy(() -> SiteLayout.authorKey(""));
		assertThat(SiteLayout.isSafeSegment("v1.2_final-post")).isTrue();
	}

}

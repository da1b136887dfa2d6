package blog.pipeline.publish;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PublishPropertiesTests {

	@Test
	void theSitemapPartsFitInOneSitemapIndexBesideThePagesPart() {
		assertThat(withSitemapParts(1).sitemapParts()).isEqualTo(1);
		assertThat(withSitemapParts(49_999).sitemapParts()).isEqualTo(49_999);
		assertThatIllegalArgumentException().isThrownBy(() -> withSitemapParts(50_000))
			.withMessageContaining("pipeline.publish.sitemap-parts");
		assertThatIllegalArgumentException().isThrownBy(() -> withSitemapParts(0))
			.withMessageContaining("pipeline.publish.sitemap-parts");
	}

	@Test
	void theSitemapDelayIsZeroOrMore() {
		assertThat(withSitemapDelay(Duration.ZERO).sitemapDelay()).isZero();
		assertThat(withSitemapDelay(Duration.ofSeconds(10)).sitemapDelay()).hasSeconds(10);
		assertThatIllegalArgumentException().isThrownBy(() -> withSitemapDelay(Duration.ofMillis(-1)))
			.withMessageContaining("pipeline.publish.sitemap-delay");
	}

	private static PublishProperties withSitemapParts(int parts) {
		return properties(parts, Duration.ofSeconds(10));
	}

	private static PublishProperties withSitemapDelay(Duration delay) {
		return properties(64, delay);
	}

	private static PublishProperties properties(int parts, Duration sitemapDelay) {
		return new PublishProperties("public, max-age=60", "Blog", 10, Duration.ofSeconds(30), 10, 20,
				URI.create("http://localhost:8080"), "public, max-age=60", "public, max-age=300",
				"public, max-age=31536000, immutable", 1, 12, parts, sitemapDelay);
	}

}

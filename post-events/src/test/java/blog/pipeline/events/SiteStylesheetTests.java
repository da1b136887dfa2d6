package blog.pipeline.events;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared stylesheet is served under a key that changes with its content. */
class SiteStylesheetTests {

	@Test
	void keyCarriesAHashOfTheContent() {
		assertThat(SiteStylesheet.css()).contains("body{");
		assertThat(SiteStylesheet.key()).matches("assets/site-[0-9a-f]{10}\\.css");
		assertThat(SiteStylesheet.url()).isEqualTo("/" + SiteStylesheet.key());
	}

}

package blog.pipeline.ingest.drafts;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class Utf8SizeValidatorTests {

	@ParameterizedTest
	@ValueSource(strings = { "", "plain ascii", "café", "€ and ¢", "日本語", "emoji 🎉 and 👩‍💻", "mixed é日🎉a" })
	void countsUtf8BytesLikeTheEncoder(String text) {
		assertThat(Utf8SizeValidator.utf8Length(text)).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
	}

}

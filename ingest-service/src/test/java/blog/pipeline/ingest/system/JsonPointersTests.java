package blog.pipeline.ingest.system;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.core.JacksonException;

import static org.assertj.core.api.Assertions.assertThat;

class JsonPointersTests {

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(quoteCharacter = '"', value = { "title, /title", "author.id, /author/id", "tags[2], /tags/2",
			"coverImage.url, /coverImage/url", "\"\", \"\"" })
	void convertsPropertyPaths(String propertyPath, String pointer) {
		assertThat(JsonPointers.fromPropertyPath(propertyPath)).isEqualTo(pointer);
	}

	@Test
	void convertsJacksonPathsAndEscapesNames() {
		List<JacksonException.Reference> path = List.of(new JacksonException.Reference(null, "tags"),
				new JacksonException.Reference(null, 3), new JacksonException.Reference(null, "a/b~c"));
		assertThat(JsonPointers.fromJacksonPath(path)).isEqualTo("/tags/3/a~1b~0c");
	}

}

package blog.pipeline.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import blog.pipeline.events.Author;
import blog.pipeline.events.PostEvent;
import blog.pipeline.events.PostPublished;
import blog.pipeline.events.PostRendered;
import blog.pipeline.events.PostUnpublished;
import blog.pipeline.events.SchemaVersion;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The watcher reads only a few fields of each record; these are the records the pipeline writes, serialized as the
 * services serialize them, and what the watcher must read from each.
 */
class PublishedWatcherMarksTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Instant AT = Instant.parse("2026-11-27T10:00:00Z");

	@Test
	void readsTheTypePostAndVersionOfAnEventAndSkipsThePage() {
		PostEvent rendered = new PostRendered(SchemaVersion.CURRENT, "p-1", 7, "a-slug", new Author("ann", "Ann"),
				"Title", "<p>" + "é \"quoted\" {not: json} ".repeat(500) + "</p>", "<p>x</p>", "x", 3, null,
				List.of("t"), AT, AT, AT);
		PublishedWatcher.Marks marks = PublishedWatcher.Marks.read(bytes(rendered));
		assertThat(marks.type).isEqualTo("PostRendered");
		assertThat(marks.postId).isEqualTo("p-1");
		assertThat(marks.version).isEqualTo(7);
	}

	@Test
	void tellsAPublicationFromAWithdrawal() {
		PostEvent published = new PostPublished(SchemaVersion.CURRENT, "p-2", 3, "s", "/posts/s/",
				List.of("posts/s/index.html"), List.of("/posts/s/"), AT, AT);
		PostEvent withdrawn = new PostUnpublished(SchemaVersion.CURRENT, "p-2", 4, List.of("posts/s/index.html"),
				List.of("/posts/s/"), AT, AT);
		assertThat(PublishedWatcher.Marks.read(bytes(published)).type).isEqualTo("PostPublished");
		PublishedWatcher.Marks marks = PublishedWatcher.Marks.read(bytes(withdrawn));
		assertThat(marks.type).isEqualTo("PostUnpublished");
		assertThat(marks.version).isEqualTo(4);
	}

	@Test
	void takesThePostOfAPublishStageChangeFromItsCatalogEntry() {
		String before = "{\"authorId\":\"ann\",\"postId\":\"other\",\"version\":1,\"entry\":{\"postId\":\"p-3\","
				+ "\"version\":9,\"tags\":[\"a\",{\"b\":[1,2]}]},\"listed\":true,\"primary\":true,\"objectKeys\":[]}";
		String after = "{\"entry\":{\"version\":9,\"postId\":\"p-3\"},\"primary\":false,\"postId\":\"other\","
				+ "\"version\":1}";
		PublishedWatcher.Marks first = PublishedWatcher.Marks.read(before.getBytes(StandardCharsets.UTF_8));
		assertThat(first.postId).isEqualTo("p-3");
		assertThat(first.version).isEqualTo(9);
		assertThat(first.primary).isTrue();
		PublishedWatcher.Marks second = PublishedWatcher.Marks.read(after.getBytes(StandardCharsets.UTF_8));
		assertThat(second.postId).isEqualTo("p-3");
		assertThat(second.version).isEqualTo(9);
		assertThat(second.primary).isFalse();
	}

	private static byte[] bytes(PostEvent event) {
		return JSON.writerFor(PostEvent.class).writeValueAsBytes(event);
	}

}

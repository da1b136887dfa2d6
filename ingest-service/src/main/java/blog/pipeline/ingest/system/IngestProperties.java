package blog.pipeline.ingest.system;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the editors' API.
 *
 * @param editorTokens the bearer tokens editors may use (env {@code EDITOR_TOKENS}, comma-separated); blank entries
 * are ignored
 * @param sendTimeout how long a request waits for Kafka to acknowledge a post before it answers 503
 * @param retryAfter what a 503 answer tells the client to wait before retrying
 */
@ConfigurationProperties("pipeline.ingest")
public record IngestProperties(@DefaultValue("local-editor-token") List<String> editorTokens,
		@DefaultValue("5s") Duration sendTimeout, @DefaultValue("5s") Duration retryAfter) {

	public IngestProperties {
		editorTokens = editorTokens.stream().map(String::strip).filter((token) -> !token.isEmpty()).toList();
	}

}

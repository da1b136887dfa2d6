package blog.pipeline.ingest.replay;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may use the operations endpoints.
 *
 * @param tokens the bearer tokens of operators (env {@code OPS_TOKENS}, comma-separated); blank entries are ignored
 */
@ConfigurationProperties("pipeline.ops")
public record OpsProperties(@DefaultValue("local-ops-token") List<String> tokens) {

	public OpsProperties {
		tokens = tokens.stream().map(String::strip).filter((token) -> !token.isEmpty()).toList();
	}

}

package blog.pipeline.ingest.security;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may call the API (see the README's settings table).
 *
 * @param editorTokens the editors' tokens (env {@code EDITOR_TOKENS}): comma-separated {@code principal:token} or
 * {@code principal:token:author-a+author-b} entries, the second limited to those authors' posts
 * @param opsTokens the operators' tokens (env {@code OPS_TOKENS}): comma-separated {@code principal:token} entries;
 * an editor's token does not open the operators' endpoints, nor an operator's the editors' API
 * @param apiDocsPublic whether the OpenAPI document and Swagger UI load without a token (env
 * {@code API_DOCS_PUBLIC}); otherwise they need an editor's or an operator's token
 */
@ConfigurationProperties("pipeline.security")
public record SecuritySettings(@DefaultValue List<String> editorTokens, @DefaultValue List<String> opsTokens,
		@DefaultValue("false") boolean apiDocsPublic) {

	static final String EDITOR_SETTING = "pipeline.security.editor-tokens (EDITOR_TOKENS)";

	static final String OPS_SETTING = "pipeline.security.ops-tokens (OPS_TOKENS)";

}

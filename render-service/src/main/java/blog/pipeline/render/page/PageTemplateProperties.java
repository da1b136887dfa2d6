package blog.pipeline.render.page;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the post page template comes from, so a site can change its pages without a new build (and then re-publish
 * every post with a full replay).
 *
 * @param template a Spring resource location of a Mustache template, e.g. {@code file:/etc/blog/post.mustache}
 * (env {@code PAGE_TEMPLATE}); the built-in one by default
 */
@ConfigurationProperties("pipeline.page")
public record PageTemplateProperties(@DefaultValue(PageRenderer.DEFAULT_TEMPLATE) String template) {

}

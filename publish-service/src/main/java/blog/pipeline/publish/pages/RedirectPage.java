package blog.pipeline.publish.pages;

import java.util.Map;

import blog.pipeline.publish.PublishProperties;
import com.samskivert.mustache.Template;

import org.springframework.stereotype.Component;

/**
 * The small page left at a post's old URL after its slug changed: a canonical link and a meta refresh to the new URL,
 * for hosts that ignore the S3 website redirect stored with it.
 */
@Component
public class RedirectPage {

	private final Template template = Templates.compile("redirect");

	private final PublishProperties properties;

	public RedirectPage(PublishProperties properties) {
		this.properties = properties;
	}

	/** The page that sends readers to the site path {@code location}. */
	public String render(String location) {
		return this.template.execute(Map.of("location", location, "canonical", this.properties.absolute(location)));
	}

}

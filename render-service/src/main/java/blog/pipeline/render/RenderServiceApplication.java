package blog.pipeline.render;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Renders submitted drafts into safe pages and teasers for publish-service. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class RenderServiceApplication {

	public static void main(String[] args) {
		SpringApplication.run(RenderServiceApplication.class, args);
	}

}

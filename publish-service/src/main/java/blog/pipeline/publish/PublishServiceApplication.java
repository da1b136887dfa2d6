package blog.pipeline.publish;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Publishes rendered posts to the S3 bucket the CDN serves. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PublishServiceApplication {

	public static void main(String[] args) {
		SpringApplication.run(PublishServiceApplication.class, args);
	}

}

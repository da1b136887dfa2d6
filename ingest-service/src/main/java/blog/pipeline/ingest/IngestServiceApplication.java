package blog.pipeline.ingest;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The editors' HTTP API: accepts drafts and answers once Kafka stored them. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class IngestServiceApplication {

	public static void main(String[] args) {
		SpringApplication.run(IngestServiceApplication.class, args);
	}

}

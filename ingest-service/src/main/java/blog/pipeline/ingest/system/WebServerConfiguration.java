package blog.pipeline.ingest.system;

import org.apache.catalina.Container;
import org.apache.catalina.core.StandardHost;

import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Makes Tomcat answer its own errors as problem details ({@link ProblemErrorReportValve}). */
@Configuration(proxyBeanMethods = false)
class WebServerConfiguration {

	@Bean
	TomcatContextCustomizer problemErrorReports() {
		return (context) -> {
			Container parent = context.getParent();
			if (parent instanceof StandardHost host) {
				host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
			}
		};
	}

}

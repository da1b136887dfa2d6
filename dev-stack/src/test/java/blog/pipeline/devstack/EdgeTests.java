package blog.pipeline.devstack;

import java.net.URI;
import java.util.Map;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** How the edge maps request paths to bucket keys, as a CDN in front of the bucket does. */
class EdgeTests {

	@Test
	void folderPathsMapToTheirIndexPage() {
		assertThat(Edge.objectKey(URI.create("/"))).hasValue("index.html");
		assertThat(Edge.objectKey(URI.create("/posts/my-post/"))).hasValue("posts/my-post/index.html");
		assertThat(Edge.objectKey(URI.create("/authors/camille-durand/"))).hasValue("authors/camille-durand/index.html");
	}

	@Test
	void filePathsMapToThemselves() {
		assertThat(Edge.objectKey(URI.create("/feed.xml"))).hasValue("feed.xml");
		assertThat(Edge.objectKey(URI.create("/assets/covers/a.svg?v=1"))).hasValue("assets/covers/a.svg");
	}

	@Test
	void pathsThatCouldLeaveTheirFolderAreRefused() {
		assertThat(Edge.objectKey(URI.create("/posts/../secret"))).isEmpty();
		assertThat(Edge.objectKey(URI.create("/posts/%2e%2e/secret"))).isEmpty();
		assertThat(Edge.objectKey(URI.create("/posts/./x"))).isEmpty();
		assertThat(Edge.objectKey(URI.create("/posts/%5C..%5Csecret"))).isEmpty();
	}

	@Test
	void redirectObjectsAnswerWithTheirSitePathOnly() {
		assertThat(Edge.redirectLocation(GetObjectResponse.builder().websiteRedirectLocation("/posts/new/").build()))
			.isEqualTo("/posts/new/");
		assertThat(Edge.redirectLocation(
				GetObjectResponse.builder().metadata(Map.of("redirect-location", "/posts/new/")).build()))
			.isEqualTo("/posts/new/");
		assertThat(Edge.redirectLocation(
				GetObjectResponse.builder().metadata(Map.of("redirect-location", "https://evil.example/")).build()))
			.isNull();
		assertThat(Edge.redirectLocation(
				GetObjectResponse.builder().metadata(Map.of("redirect-location", "//evil.example/")).build()))
			.isNull();
		assertThat(Edge.redirectLocation(GetObjectResponse.builder().build())).isNull();
	}

}

package blog.pipeline.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import blog.pipeline.stack.FreePorts;
import blog.pipeline.stack.S3ProxyServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The bucket is the site readers get, so only publish-service can change it: it alone holds the bucket's credentials
 * (in the dev stack and in docker-compose), the S3 server refuses writes without them, and in compose those
 * credentials are a user whose policy reaches this one bucket, not MinIO's administrator.
 */
class BucketAccessTests {

	private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

	private static final List<String> BUCKET_SECRETS = List.of("S3_ACCESS_KEY", "S3_SECRET_KEY", "MINIO_ROOT_USER",
			"MINIO_ROOT_PASSWORD");

	@TempDir
	Path dataDir;

	@Test
	void theDevStackGivesTheBucketCredentialsToPublishServiceAloneAndTokensToIngestAlone() {
		DevStackSettings settings = DevStackSettings.from(Map.<String, String>of()::get);

		assertThat(settings.serviceEnvironment("publish-service", 8083))
			.containsEntry("S3_ACCESS_KEY", settings.s3AccessKey())
			.containsEntry("S3_SECRET_KEY", settings.s3SecretKey())
			.doesNotContainKeys("EDITOR_TOKENS", "OPS_TOKENS");
		assertThat(settings.serviceEnvironment("render-service", 8082)).doesNotContainKeys("S3_ACCESS_KEY",
				"S3_SECRET_KEY", "S3_ENDPOINT", "EDITOR_TOKENS", "OPS_TOKENS");
		assertThat(settings.serviceEnvironment("ingest-service", 8081))
			.doesNotContainKeys("S3_ACCESS_KEY", "S3_SECRET_KEY", "S3_ENDPOINT")
			.containsEntry("EDITOR_TOKENS", DevStackSettings.LOCAL_EDITOR + ":" + settings.editorToken())
			.containsEntry("OPS_TOKENS", DevStackSettings.LOCAL_OPS + ":" + settings.opsToken())
			.containsEntry("MANAGEMENT_PORT", Integer.toString(settings.ingestManagementPort()));
		for (String service : List.of("ingest-service", "render-service", "publish-service")) {
			assertThat(settings.serviceEnvironment(service, 8080)).containsEntry("SPRING_PROFILES_ACTIVE", "local");
		}
	}

	@Test
	void theS3ServerRefusesWritesWithoutPublishServicesCredentials() {
		try (S3ProxyServer s3 = S3ProxyServer.start(this.dataDir, FreePorts.next(), "publish-access",
				"publish-secret");
				S3Client publish = client(s3, credentials("publish-access", "publish-secret"));
				S3Client anonymous = client(s3, AnonymousCredentialsProvider.create());
				S3Client wrongSecret = client(s3, credentials("publish-access", "guessed-secret"));
				S3Client otherKey = client(s3, credentials("render-access", "publish-secret"))) {
			publish.createBucket((bucket) -> bucket.bucket("blog"));

			for (S3Client intruder : List.of(anonymous, wrongSecret, otherKey)) {
				assertThatExceptionOfType(S3Exception.class)
					.isThrownBy(() -> intruder.putObject((put) -> put.bucket("blog").key("posts/x/index.html"),
							RequestBody.fromString("defaced")))
					.satisfies((refused) -> assertThat(refused.statusCode()).isEqualTo(403));
				assertThatExceptionOfType(S3Exception.class)
					.isThrownBy(() -> intruder.deleteObject((delete) -> delete.bucket("blog").key("index.html")))
					.satisfies((refused) -> assertThat(refused.statusCode()).isEqualTo(403));
			}
			publish.putObject((put) -> put.bucket("blog").key("posts/x/index.html"), RequestBody.fromString("page"));
			assertThat(publish.listObjectsV2((list) -> list.bucket("blog")).contents())
				.extracting((object) -> object.key())
				.containsExactly("posts/x/index.html");
		}
	}

	@Test
	void inComposeOnlyPublishServiceHoldsBucketCredentialsAndTheyAreNotTheAdministrators() throws IOException {
		Map<String, Object> services = map(load().get("services"));
		services.forEach((name, service) -> {
			if (!List.of("publish-service", "minio", "minio-init").contains(name)) {
				Object environment = map(service).get("environment");
				if (environment != null) {
					assertThat(map(environment)).as("%s's environment", name).doesNotContainKeys(
							BUCKET_SECRETS.toArray(String[]::new));
				}
			}
		});
		Map<String, Object> publish = map(map(services.get("publish-service")).get("environment"));
		assertThat(publish).containsKeys("S3_ACCESS_KEY", "S3_SECRET_KEY").doesNotContainKeys("MINIO_ROOT_USER",
				"MINIO_ROOT_PASSWORD");
		Map<String, Object> minio = map(map(services.get("minio")).get("environment"));
		assertThat(String.valueOf(minio.get("MINIO_ROOT_USER"))).doesNotContain("S3_ACCESS_KEY")
			.isNotEqualTo(String.valueOf(publish.get("S3_ACCESS_KEY")));

		Map<String, Object> init = map(services.get("minio-init"));
		String script = String.valueOf(init.get("entrypoint"));
		assertThat(script).contains("mc admin user add local $${S3_ACCESS_KEY}")
			.contains("mc admin policy attach local publish-site --user $${S3_ACCESS_KEY}")
			.contains("mc anonymous set download");
		assertThat(String.valueOf(init.get("volumes")))
			.contains("./deploy/minio/publish-site-policy.json:/policies/publish-site-policy.json");
	}

	@Test
	void publishServicesPolicyReachesTheSiteBucketOnly() throws IOException {
		JsonNode policy = JsonMapper.builder()
			.build()
			.readTree(Files.readString(ROOT.resolve("deploy/minio/publish-site-policy.json")));
		assertThat(policy.get("Statement")).isNotEmpty().allSatisfy((statement) -> {
			assertThat(statement.get("Effect").asString()).isEqualTo("Allow");
			assertThat(statement.get("Resource").values())
				.extracting(JsonNode::asString)
				.containsExactlyInAnyOrder("arn:aws:s3:::BUCKET", "arn:aws:s3:::BUCKET/*");
			assertThat(statement.get("Action").values())
				.extracting(JsonNode::asString)
				.allSatisfy((action) -> assertThat(action).startsWith("s3:").doesNotContain("*"))
				.doesNotContain("s3:PutBucketPolicy", "s3:DeleteBucket");
		});
	}

	private static S3Client client(S3ProxyServer s3, AwsCredentialsProvider credentials) {
		return S3Client.builder()
			.endpointOverride(s3.endpoint())
			.region(Region.US_EAST_1)
			.forcePathStyle(true)
			.credentialsProvider(credentials)
			.build();
	}

	private static AwsCredentialsProvider credentials(String accessKey, String secretKey) {
		return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
	}

	private static Map<String, Object> load() throws IOException {
		return new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		assertThat(value).isInstanceOf(Map.class);
		return (Map<String, Object>) value;
	}

}

package blog.pipeline.ingest.security;

import java.util.List;
import java.util.Set;

import blog.pipeline.ingest.IngestServiceApplication;
import blog.pipeline.support.Secrets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Outside the local profile ingest refuses to start with a token the repository ships, or a short one; token settings
 * are read strictly, and a token names a principal.
 */
class StartupSecretsTests {

	private static final String STRONG = "0123456789abcdef0123456789abcdef";

	@Test
	void refusesToStartWithTheDefaultTokensOutsideTheLocalProfile() {
		assertThat(startFailure("--spring.profiles.active=production")).hasMessageContaining("EDITOR_TOKENS")
			.hasMessageContaining("well-known default")
			.hasMessageNotContaining("local-editor-token");
	}

	@Test
	void refusesToStartWithAShortOpsTokenOutsideTheLocalProfile() {
		assertThat(startFailure("--spring.profiles.active=production",
				"--pipeline.security.editor-tokens=maria:" + STRONG, "--pipeline.security.ops-tokens=olga:short-token"))
			.hasMessageContaining("OPS_TOKENS")
			.hasMessageContaining("olga")
			.hasMessageContaining("shorter than 32")
			.hasMessageNotContaining("short-token");
	}

	/** The tokens are checked before anything else starts: the failure names the setting, never the token. */
	private static Throwable startFailure(String... args) {
		List<String> settings = new java.util.ArrayList<>(List.of(args));
		settings.addAll(List.of("--server.port=0", "--management.server.port=0", "--spring.jmx.enabled=false",
				"--spring.kafka.bootstrap-servers=localhost:1", "--pipeline.ingest.state-startup-wait=0s"));
		Throwable failure = null;
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(IngestServiceApplication.class)
			.run(settings.toArray(String[]::new))) {
			assertThat(context).as("ingest started with weak tokens").isNull();
		}
		catch (RuntimeException ex) {
			failure = ex;
		}
		assertThat(failure).isNotNull();
		Throwable cause = failure;
		while (!(cause instanceof Secrets.InsecureSecretException) && cause.getCause() != null) {
			cause = cause.getCause();
		}
		assertThat(cause).isInstanceOf(Secrets.InsecureSecretException.class);
		return cause;
	}

	@Test
	void readsPrincipalsRolesAndAuthorLimits() {
		ApiTokens tokens = ApiTokens.of(List.of("maria:" + STRONG + ":maria-sanda+camille-durand", " ", "eve:e" + STRONG),
				List.of("olga:o" + STRONG));
		assertThat(tokens.find(STRONG)).hasValue(
				new ApiPrincipal("maria", ApiPrincipal.Role.EDITOR, Set.of("maria-sanda", "camille-durand")));
		assertThat(tokens.find("e" + STRONG)).hasValue(new ApiPrincipal("eve", ApiPrincipal.Role.EDITOR, Set.of()));
		assertThat(tokens.find("o" + STRONG)).hasValue(new ApiPrincipal("olga", ApiPrincipal.Role.OPS, Set.of()));
		assertThat(tokens.find(STRONG + "x")).isEmpty();
		assertThat(tokens.find("")).isEmpty();
		assertThat(new ApiPrincipal("eve", ApiPrincipal.Role.EDITOR, Set.of()).mayActFor("anyone")).isTrue();
		assertThat(tokens.find(STRONG).orElseThrow().mayActFor("eve-writer")).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "just-a-token-without-a-name", "maria:", ":token", "ma ria:token", "maria:tok en",
			"maria:token:Not An Author", "maria:token:a+", "maria:token:a:b" })
	void refusesMalformedEditorEntriesNamingTheEntryNotTheToken(String entry) {
		assertThatIllegalArgumentException().isThrownBy(() -> ApiTokens.of(List.of(entry), List.of()))
			.withMessageContaining("(EDITOR_TOKENS) entry 1")
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("tok en").doesNotContain("token-without"));
	}

	@Test
	void refusesAnAuthorLimitOnOpsTokensAndATokenGivenTwice() {
		assertThatIllegalArgumentException().isThrownBy(() -> ApiTokens.of(List.of(), List.of("olga:token:a")))
			.withMessageContaining("(OPS_TOKENS) entry 1");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ApiTokens.of(List.of("maria:same-token"), List.of("olga:same-token")))
			.withMessageContaining("twice");
	}

	@Test
	void takesEveryTokenInTheLocalProfileButOnlyStrongOnesElsewhere() {
		org.springframework.mock.env.MockEnvironment local = new org.springframework.mock.env.MockEnvironment();
		local.setActiveProfiles(Secrets.LOCAL_PROFILE);
		Secrets.requireStrong(local, "a setting", "local-editor-token");
		org.springframework.mock.env.MockEnvironment production = new org.springframework.mock.env.MockEnvironment();
		for (String weak : List.of("local-editor-token", "local-secret", "x".repeat(31), "local-" + STRONG)) {
			assertThatExceptionOfType(Secrets.InsecureSecretException.class)
				.isThrownBy(() -> Secrets.requireStrong(production, "a setting", weak))
				.withMessageContaining("a setting")
				.withMessageNotContaining(weak);
		}
		Secrets.requireStrong(production, "a setting", STRONG);
	}

}

package blog.pipeline.support;

import java.util.Arrays;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * The rule every service applies to its secrets (API tokens, the bucket's keys) at start-up: outside the local
 * profile, a secret that the repository ships as a default, or one shorter than {@link #MIN_LENGTH} characters, stops
 * the service before it takes any work. The defaults exist so that {@code ./run.sh} starts with no setup; anywhere
 * else they are public knowledge.
 */
public final class Secrets {

	/** The profile of the local run (dev stack and tests), the only one where the defaults are allowed. */
	public static final String LOCAL_PROFILE = "local";

	/** The shortest secret taken outside the local profile: 32 characters, e.g. {@code openssl rand -hex 16}. */
	public static final int MIN_LENGTH = 32;

	/** Every secret value the repository's defaults and examples use. */
	public static final Set<String> WELL_KNOWN = Set.of("local-editor-token", "local-ops-token", "local-access",
			"local-secret", "local-admin", "local-admin-secret", "changeme", "admin", "password", "secret");

	private Secrets() {
	}

	/** Whether the local profile is on, where the well-known defaults are allowed. */
	public static boolean isLocal(Environment environment) {
		return environment.acceptsProfiles(Profiles.of(LOCAL_PROFILE));
	}

	/**
	 * Refuses a well-known or short secret unless the local profile is on.
	 * @param setting the setting (and its environment variable) the secret came from, for the message; never the
	 * secret itself
	 * @throws InsecureSecretException naming the setting and what is wrong with its value
	 */
	public static void requireStrong(Environment environment, String setting, String secret) {
		if (isLocal(environment)) {
			return;
		}
		String problem = weakness(secret);
		if (problem != null) {
			throw new InsecureSecretException(setting + " " + problem + ". Set a random value of at least "
					+ MIN_LENGTH + " characters (e.g. openssl rand -hex 32), or run with the profile '" + LOCAL_PROFILE
					+ "' (SPRING_PROFILES_ACTIVE=" + LOCAL_PROFILE + ") on a developer's machine. Active profiles: "
					+ Arrays.toString(environment.getActiveProfiles()) + ".");
		}
	}

	/**
	 * Refuses a value the repository ships as a default unless the local profile is on: for a setting that is not
	 * secret by itself but must not be guessable from the repository (an access key id).
	 */
	public static void requireNotWellKnown(Environment environment, String setting, String value) {
		if (!isLocal(environment) && isWellKnown(value)) {
			throw new InsecureSecretException(setting + " is one of the repository's well-known defaults. Set your "
					+ "own, or run with the profile '" + LOCAL_PROFILE + "' (SPRING_PROFILES_ACTIVE=" + LOCAL_PROFILE
					+ ") on a developer's machine.");
		}
	}

	private static boolean isWellKnown(String value) {
		return WELL_KNOWN.contains(value) || value.startsWith("local-");
	}

	/** What makes the secret unfit outside the local run, or {@code null} if nothing does. */
	static @Nullable String weakness(String secret) {
		if (isWellKnown(secret)) {
			return "is one of the repository's well-known defaults";
		}
		if (secret.length() < MIN_LENGTH) {
			return "is shorter than " + MIN_LENGTH + " characters (" + secret.length() + ")";
		}
		return null;
	}

	/** A secret that must not be used outside the local profile. */
	public static final class InsecureSecretException extends IllegalStateException {

		InsecureSecretException(String message) {
			super(message);
		}

	}

}

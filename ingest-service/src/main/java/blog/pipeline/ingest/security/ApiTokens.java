package blog.pipeline.ingest.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

import blog.pipeline.ingest.security.ApiPrincipal.Role;
import org.jspecify.annotations.Nullable;

/**
 * The API's tokens and whom each names. A setting holds entries {@code principal:token} (operators) or
 * {@code principal:token} and {@code principal:token:author-a+author-b} (editors, the second limited to those
 * authors' posts). Tokens are kept only as SHA-256 digests and a presented token is compared with every one in
 * constant time, so neither a memory dump nor timing tells a token.
 */
public final class ApiTokens {

	/** A principal's name: what logs, events and statuses show. */
	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

	/** A token: visible ASCII without the entry separators. */
	private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7E&&[^,:]]{1,512}");

	/** An author id, as the drafts API takes it. */
	private static final Pattern AUTHOR = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

	private final List<Entry> entries;

	private ApiTokens(List<Entry> entries) {
		this.entries = List.copyOf(entries);
	}

	/**
	 * Reads the editors' and the operators' settings.
	 * @throws IllegalArgumentException naming the setting and the entry's position (never the token) when an entry
	 * is malformed, or a token is given twice
	 */
	public static ApiTokens of(List<String> editorEntries, List<String> opsEntries) {
		return of(editorEntries, opsEntries, (where, token) -> {
		});
	}

	/**
	 * Reads the editors' and the operators' settings, and hands each token to {@code check} (with where it came from,
	 * for a message) before only its digest is kept.
	 * @throws IllegalArgumentException naming the setting and the entry's position (never the token) when an entry
	 * is malformed, or a token is given twice
	 */
	public static ApiTokens of(List<String> editorEntries, List<String> opsEntries, BiConsumer<String, String> check) {
		List<Entry> entries = new ArrayList<>();
		parse(SecuritySettings.EDITOR_SETTING, editorEntries, Role.EDITOR, check, entries);
		parse(SecuritySettings.OPS_SETTING, opsEntries, Role.OPS, check, entries);
		Set<String> digests = new HashSet<>();
		for (Entry entry : entries) {
			if (!digests.add(Arrays.toString(entry.digest))) {
				throw new IllegalArgumentException("The same token is given twice (the second time for "
						+ entry.principal + "): every principal needs a token of its own");
			}
		}
		return new ApiTokens(entries);
	}

	private static void parse(String setting, List<String> values, Role role, BiConsumer<String, String> check,
			List<Entry> into) {
		int position = 0;
		for (String value : values) {
			position++;
			String entry = value.strip();
			if (entry.isEmpty()) {
				continue;
			}
			String[] parts = entry.split(":", -1);
			String where = setting + " entry " + position;
			int most = (role == Role.EDITOR) ? 3 : 2;
			if (parts.length < 2 || parts.length > most) {
				throw new IllegalArgumentException(where + " must be 'principal:token'"
						+ ((role == Role.EDITOR) ? " or 'principal:token:author-a+author-b'" : "")
						+ ", e.g. 'maria:" + "<32 or more random characters>'");
			}
			if (!NAME.matcher(parts[0]).matches()) {
				throw new IllegalArgumentException(where + " names its principal '" + parts[0]
						+ "': a name is 1 to 64 letters, digits and . _ @ -, starting with a letter or digit");
			}
			if (!TOKEN.matcher(parts[1]).matches()) {
				throw new IllegalArgumentException(where + " (" + parts[0] + ") has a token that is empty, longer "
						+ "than 512 characters or not visible ASCII");
			}
			Set<String> authors = new LinkedHashSet<>();
			if (parts.length == 3) {
				for (String author : parts[2].split("\\+", -1)) {
					if (!AUTHOR.matcher(author).matches()) {
						throw new IllegalArgumentException(where + " (" + parts[0] + ") limits it to author '" + author
								+ "', which is not an author id (lowercase letters and digits joined by dashes)");
					}
					authors.add(author);
				}
			}
			check.accept(where + " (" + parts[0] + ")", parts[1]);
			into.add(new Entry(digest(parts[1]), new ApiPrincipal(parts[0], role, authors)));
		}
	}

	/** Whom the token names, if anyone. Takes the same time whichever token, if any, matches. */
	public Optional<ApiPrincipal> find(String token) {
		byte[] presented = digest(token);
		@Nullable ApiPrincipal found = null;
		for (Entry entry : this.entries) {
			// Compare with every token, without stopping early, so timing tells nothing about which one matched.
			boolean match = MessageDigest.isEqual(entry.digest, presented);
			found = match ? entry.principal : found;
		}
		return Optional.ofNullable(found);
	}

	/** Whether no token of this role is configured (then every request of that role is refused). */
	public boolean none(Role role) {
		return this.entries.stream().noneMatch((entry) -> entry.principal.role() == role);
	}

	private static byte[] digest(String token) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java platform must provide SHA-256", ex);
		}
	}

	private record Entry(byte[] digest, ApiPrincipal principal) {

		@Override
		public String toString() {
			return this.principal.toString();
		}

	}

}

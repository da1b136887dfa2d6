package blog.pipeline.ingest.security;

import java.util.Set;

/**
 * Someone an API token names: an editor, who may be limited to some authors' posts, or an operator.
 *
 * @param name who the token belongs to; recorded with every change it makes
 * @param role what the token opens
 * @param authors the author ids whose posts an editor may read and change; empty for every author
 */
public record ApiPrincipal(String name, Role role, Set<String> authors) {

	public ApiPrincipal {
		authors = Set.copyOf(authors);
	}

	/** Whether this principal may read and change posts of the author with this id. */
	public boolean mayActFor(String authorId) {
		return this.authors.isEmpty() || this.authors.contains(authorId);
	}

	@Override
	public String toString() {
		return this.name + " (" + this.role.name().toLowerCase(java.util.Locale.ROOT) + ")";
	}

	/** What a token opens. */
	public enum Role {

		/** The editors' API, {@code /api/**}. */
		EDITOR,

		/** The operators' endpoints and page, {@code /ops/**}. */
		OPS;

		/** The Spring Security authority of the role. */
		String authority() {
			return "ROLE_" + name();
		}

	}

}

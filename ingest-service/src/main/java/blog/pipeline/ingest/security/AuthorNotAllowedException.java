package blog.pipeline.ingest.security;

import java.util.List;

import blog.pipeline.ingest.system.InvalidField;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** An editor's token limited to some authors met another author's post: 403, naming the token and its authors. */
public final class AuthorNotAllowedException extends ErrorResponseException {

	private AuthorNotAllowedException(ApiPrincipal editor, String author, @Nullable String field) {
		super(HttpStatus.FORBIDDEN, problem(editor, author), null);
		if (field != null) {
			getBody().setProperty("errors", List.of(new InvalidField(field, "is not one of this token's authors")));
		}
	}

	/**
	 * Refuses the request unless the editor may read and change the author's posts.
	 * @param field the JSON pointer of the request body's field that names the author, or {@code null} where the
	 * author comes from the post or the query
	 */
	public static void check(ApiPrincipal editor, String author, @Nullable String field) {
		if (!editor.mayActFor(author)) {
			throw new AuthorNotAllowedException(editor, author, field);
		}
	}

	private static ProblemDetail problem(ApiPrincipal editor, String author) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN,
				"The token of " + editor.name() + " may only read and change posts of "
						+ String.join(", ", editor.authors().stream().sorted().toList()) + ", not those of '" + author
						+ "'.");
		problem.setTitle("Author not allowed");
		return problem;
	}

}

package blog.pipeline.ingest.drafts;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import org.jspecify.annotations.Nullable;

/** Checks {@link HttpUrl}. */
class HttpUrlValidator implements ConstraintValidator<HttpUrl, CharSequence> {

	private static final Set<String> SCHEMES = Set.of("http", "https");

	@Override
	public boolean isValid(@Nullable CharSequence value, ConstraintValidatorContext context) {
		if (value == null) {
			return true;
		}
		try {
			URI uri = new URI(value.toString());
			return uri.isAbsolute() && SCHEMES.contains(uri.getScheme().toLowerCase(Locale.ROOT))
					&& uri.getHost() != null && !uri.getHost().isEmpty();
		}
		catch (URISyntaxException ex) {
			return false;
		}
	}

}

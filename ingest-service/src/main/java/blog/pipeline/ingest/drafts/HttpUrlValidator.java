package blog.pipeline.ingest.drafts;

import blog.pipeline.events.CoverImage;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import org.jspecify.annotations.Nullable;

/** Checks {@link HttpUrl} by the contract's rule, the one publish applies again ({@link CoverImage#isWebUrl}). */
class HttpUrlValidator implements ConstraintValidator<HttpUrl, CharSequence> {

	@Override
	public boolean isValid(@Nullable CharSequence value, ConstraintValidatorContext context) {
		return value == null || CoverImage.isWebUrl(value.toString());
	}

}

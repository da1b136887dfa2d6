package blog.pipeline.ingest.slug;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import org.jspecify.annotations.Nullable;

/** Checks {@link SlugShaped}. */
class SlugShapedValidator implements ConstraintValidator<SlugShaped, CharSequence> {

	@Override
	public boolean isValid(@Nullable CharSequence value, ConstraintValidatorContext context) {
		return value == null || Slugs.isSlug(value);
	}

}

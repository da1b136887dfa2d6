package blog.pipeline.ingest.drafts;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import org.jspecify.annotations.Nullable;

/** Checks {@link Utf8Size} without encoding the text. */
class Utf8SizeValidator implements ConstraintValidator<Utf8Size, CharSequence> {

	private long max;

	@Override
	public void initialize(Utf8Size constraint) {
		this.max = constraint.max();
	}

	@Override
	public boolean isValid(@Nullable CharSequence value, ConstraintValidatorContext context) {
		return value == null || utf8Length(value) <= this.max;
	}

	static long utf8Length(CharSequence text) {
		long bytes = 0;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < 0x80) {
				bytes += 1;
			}
			else if (c < 0x800) {
				bytes += 2;
			}
			else if (Character.isHighSurrogate(c) && i + 1 < text.length()
					&& Character.isLowSurrogate(text.charAt(i + 1))) {
				bytes += 4;
				i++;
			}
			else {
				bytes += 3;
			}
		}
		return bytes;
	}

}

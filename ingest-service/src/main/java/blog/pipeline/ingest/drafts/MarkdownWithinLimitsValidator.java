package blog.pipeline.ingest.drafts;

import java.util.Optional;

import blog.pipeline.events.MarkdownLimits;
import blog.pipeline.events.MarkdownLimits.Violation;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import org.jspecify.annotations.Nullable;

/** Checks {@link MarkdownWithinLimits} in one pass over the text; the message says which limit and on which line. */
class MarkdownWithinLimitsValidator implements ConstraintValidator<MarkdownWithinLimits, CharSequence> {

	private String start = "";

	@Override
	public void initialize(MarkdownWithinLimits constraint) {
		this.start = constraint.message();
	}

	@Override
	public boolean isValid(@Nullable CharSequence value, ConstraintValidatorContext context) {
		if (value == null) {
			return true;
		}
		Optional<Violation> violation = MarkdownLimits.check(value);
		if (violation.isEmpty()) {
			return true;
		}
		context.disableDefaultConstraintViolation();
		context.buildConstraintViolationWithTemplate(escape(this.start + " " + violation.get().describe()))
			.addConstraintViolation();
		return false;
	}

	/** The message is a template: its own characters must not be read as expressions or parameters. */
	private static String escape(String message) {
		return message.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}").replace("$", "\\$");
	}

}

package blog.pipeline.ingest.drafts;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import blog.pipeline.events.MarkdownLimits;
import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/**
 * The annotated Markdown is within {@link MarkdownLimits} (nesting and table sizes); {@code null} is valid. The
 * message names the limit passed and the line, e.g. {@code must not have block quotes nested more than 32 deep
 * (line 7)}.
 */
@Documented
@Constraint(validatedBy = MarkdownWithinLimitsValidator.class)
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.TYPE_USE })
@Retention(RetentionPolicy.RUNTIME)
@interface MarkdownWithinLimits {

	/** Used only as the start of the message: the validator adds which limit and where. */
	String message() default "must not have";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

}

package blog.pipeline.ingest.slug;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/**
 * The annotated text has the shape of a slug ({@link Slugs#PATTERN}); {@code null} is valid. Checked in one linear
 * pass: a regular expression with a repeated group recurses once per dash-separated group and overflows the stack on a
 * megabyte of {@code a-a-a-...}.
 */
@Documented
@Constraint(validatedBy = SlugShapedValidator.class)
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.TYPE_USE })
@Retention(RetentionPolicy.RUNTIME)
public @interface SlugShaped {

	String message() default "must be lowercase letters a-z and digits in groups joined by single dashes";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

}

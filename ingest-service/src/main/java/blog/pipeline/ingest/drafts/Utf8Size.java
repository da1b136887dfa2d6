package blog.pipeline.ingest.drafts;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/** The annotated text takes at most {@link #max()} bytes when encoded as UTF-8; {@code null} is valid. */
@Documented
@Constraint(validatedBy = Utf8SizeValidator.class)
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.TYPE_USE })
@Retention(RetentionPolicy.RUNTIME)
@interface Utf8Size {

	long max();

	String message() default "must be at most {max} bytes in UTF-8";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

}

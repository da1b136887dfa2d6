package blog.pipeline.ingest.drafts;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/** The annotated text is an absolute {@code http} or {@code https} URL with a host; {@code null} is valid. */
@Documented
@Constraint(validatedBy = HttpUrlValidator.class)
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.TYPE_USE })
@Retention(RetentionPolicy.RUNTIME)
@interface HttpUrl {

	String message() default "must be an absolute http or https URL, e.g. https://img.example.org/cover.jpg";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

}

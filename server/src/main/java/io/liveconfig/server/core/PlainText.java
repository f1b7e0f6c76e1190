package io.liveconfig.server.core;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.util.Optional;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * Text without lone surrogates or control characters other than tab, line feed and carriage return
 * ({@link Text#problem}); the violation says which character and where.
 */
@Documented
@Retention(RUNTIME)
@Target({FIELD, PARAMETER, TYPE_USE})
@Constraint(validatedBy = PlainText.Check.class)
public @interface PlainText {
    String message() default "must be text without control characters other than tab and line breaks";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Check implements ConstraintValidator<PlainText, String> {

        @Override
        public boolean isValid(String text, ConstraintValidatorContext context) {
            Optional<String> problem = text == null ? Optional.empty() : Text.problem(text);
            if (problem.isEmpty()) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            // A template, but the problem has no braces to interpolate and never quotes the text.
            context.buildConstraintViolationWithTemplate(problem.get()).addConstraintViolation();
            return false;
        }
    }
}

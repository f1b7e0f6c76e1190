package io.liveconfig.server.api;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.liveconfig.protocol.NamespaceNames;
import io.liveconfig.server.config.ServerConfig;
import io.liveconfig.server.core.PlainText;
import io.liveconfig.server.core.Text;

/**
 * The grammar of what the API stores, as Bean Validation constraints; its sizes are quotas the write path checks
 * ({@code liveconfig.limits}).
 */
public final class Names {

    /** A namespace name: an application or a shared group. */
    public static final String NAMESPACE_PATTERN = NamespaceNames.REGEX;

    public static final int KEY_MAX_LENGTH = 256;
    /**
     * The default of {@code liveconfig.limits.bytes-per-value}; the write path checks the configured limit, in UTF-8
     * bytes, on every route.
     */
    public static final int VALUE_MAX_LENGTH = ServerConfig.Limits.DEFAULT_BYTES_PER_VALUE;

    private Names() {
    }

    @Documented
    @Retention(RUNTIME)
    @Target({FIELD, PARAMETER, TYPE_USE})
    @Constraint(validatedBy = {})
    @ReportAsSingleViolation
    @NotNull
    @Pattern(regexp = NAMESPACE_PATTERN)
    public @interface NamespaceName {
        String message() default "must be a namespace name: 1 to 64 of a-z 0-9 . _ -, starting with a letter or digit";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    @Documented
    @Retention(RUNTIME)
    @Target({FIELD, PARAMETER, TYPE_USE})
    @Constraint(validatedBy = PropertyKeyCheck.class)
    @ReportAsSingleViolation
    @NotNull
    @Size(min = 1, max = KEY_MAX_LENGTH)
    public @interface PropertyKey {
        String message() default "must be a MicroProfile Config property name of at most 256 characters, "
                + "such as app.timeout, %dev.app.timeout or app.\"quoted.part\".size";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    @Documented
    @Retention(RUNTIME)
    @Target({FIELD, PARAMETER, TYPE_USE})
    @Constraint(validatedBy = {})
    @NotNull
    @PlainText
    public @interface PropertyValue {
        String message() default "must be present";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    /** Checks a property name by a loop, linear in its length. */
    public static final class PropertyKeyCheck implements ConstraintValidator<PropertyKey, String> {

        @Override
        public boolean isValid(String key, ConstraintValidatorContext context) {
            return key == null || key.length() > KEY_MAX_LENGTH || Text.isPropertyName(key);
        }
    }
}

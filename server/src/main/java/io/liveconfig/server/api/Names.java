package io.liveconfig.server.api;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.liveconfig.protocol.NamespaceNames;

/** The grammar and limits of what the API stores, as Bean Validation constraints. */
public final class Names {

    /** A namespace name: an application or a shared group. */
    public static final String NAMESPACE_PATTERN = NamespaceNames.REGEX;

    /**
     * A MicroProfile Config property name: dot-separated segments of letters, digits, {@code _ - [ ]}, or quoted
     * segments such as {@code "my.datasource"}, optionally after a {@code %profile.} prefix.
     */
    public static final String KEY_PATTERN = "(%[A-Za-z0-9_-]+(,[A-Za-z0-9_-]+)*\\.)?"
            + "([A-Za-z0-9_\\-\\[\\]]|\"[^\"\\p{Cntrl}]+\")+(\\.([A-Za-z0-9_\\-\\[\\]]|\"[^\"\\p{Cntrl}]+\")+)*";

    public static final int KEY_MAX_LENGTH = 256;
    public static final int VALUE_MAX_LENGTH = 65_536;

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
    @Constraint(validatedBy = {})
    @ReportAsSingleViolation
    @NotNull
    @Size(min = 1, max = KEY_MAX_LENGTH)
    @Pattern(regexp = KEY_PATTERN)
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
    @ReportAsSingleViolation
    @NotNull
    @Size(max = VALUE_MAX_LENGTH)
    @Pattern(regexp = "[^\\x00]*", flags = Pattern.Flag.DOTALL)
    public @interface PropertyValue {
        String message() default "must be present, at most 65536 characters long, without NUL characters";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }
}

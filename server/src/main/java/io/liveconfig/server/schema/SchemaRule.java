package io.liveconfig.server.schema;

import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import io.liveconfig.server.core.PlainText;

/**
 * What the values of one key, or of every key matching a glob, must be.
 *
 * @param key an exact key, or a glob where {@code *} matches any run of characters and {@code ?} one
 * @param type the value's type
 * @param min lowest allowed value, for int, long, double and duration, written as a value of that type
 * @param max highest allowed value, likewise
 * @param minLength shortest allowed value, in characters
 * @param maxLength longest allowed value, in characters
 * @param pattern a regular expression the whole value must match
 * @param values the allowed values of an enum
 * @param required whether the key must always be present; only for exact keys
 * @param secret whether the value is secret: masked in every answer and the audit log, and published encrypted
 * @param restartRequired whether apps only pick up a change on restart (informative)
 * @param description what the key is for
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record SchemaRule(
        @NotBlank @Size(max = 256) @PlainText String key,
        @NotNull ValueType type,
        @Size(max = 64) @PlainText String min,
        @Size(max = 64) @PlainText String max,
        @PositiveOrZero Integer minLength,
        @PositiveOrZero Integer maxLength,
        @Size(max = 1024) @PlainText String pattern,
        @Size(max = 256) List<@NotNull @Size(max = 256) @PlainText String> values,
        boolean required,
        boolean secret,
        boolean restartRequired,
        @Size(max = 1024) @PlainText String description) {

    /** Whether the key is a glob rather than one key. */
    @JsonIgnore
    public boolean isGlob() {
        return key.indexOf('*') >= 0 || key.indexOf('?') >= 0;
    }
}

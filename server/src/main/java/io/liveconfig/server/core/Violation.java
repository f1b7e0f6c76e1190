package io.liveconfig.server.core;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One invalid input of a refused request.
 *
 * @param field where it was: a path parameter name, a path into the body such as {@code put[db.url]}, or a key
 * @param rule the rule it broke, where a schema rule was broken ({@code max}, {@code type}, …)
 * @param message what is wrong with it; never contains a value
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Violation(String field, String rule, String message) {

    public Violation(String field, String message) {
        this(field, null, message);
    }
}

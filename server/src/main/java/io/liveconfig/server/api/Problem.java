package io.liveconfig.server.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.liveconfig.server.core.Violation;

/**
 * An RFC 9457 problem details body, served as {@code application/problem+json} for every error of the API.
 *
 * @param type identifies the kind of problem
 * @param title short summary of the kind of problem
 * @param status the HTTP status
 * @param detail what was wrong with this request
 * @param instance the request path
 * @param violations each invalid input, where there are several
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance,
        List<Violation> violations) {

    public static final String MEDIA_TYPE = "application/problem+json";
}

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
    /** Every problem type is this prefix and a short stable name, such as {@code namespace-not-found}. */
    public static final String TYPE_PREFIX = "urn:liveconfig:problem:";
    /** The WWW-Authenticate header of every 401. */
    public static final String CHALLENGE = "Bearer realm=\"liveconfig\"";

    /** A problem with no violations. */
    public static Problem of(int status, String type, String title, String detail, String instance) {
        return new Problem(TYPE_PREFIX + type, title, status, detail, instance, List.of());
    }

    /**
     * The one 401 of the API, whether a route or the HTTP layer refuses: the same whatever was wrong with the
     * credentials, so that it tells an attacker nothing.
     */
    public static Problem unauthenticated(String instance) {
        return of(401, "unauthenticated", "Unauthenticated", "This request needs a valid API token or OIDC access "
                + "token in the Authorization header: Bearer <token>", instance);
    }
}

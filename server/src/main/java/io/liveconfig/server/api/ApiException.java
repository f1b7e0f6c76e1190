package io.liveconfig.server.api;

import java.util.List;

/** A request the API refuses, with everything needed for its problem details. Nothing was changed. */
public class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String type;
    private final String title;
    private final List<Problem.Violation> violations;

    public ApiException(int status, String type, String title, String detail, List<Problem.Violation> violations) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
        this.violations = List.copyOf(violations);
    }

    public static ApiException namespaceNotFound(String namespace) {
        return new ApiException(404, "namespace-not-found", "Namespace not found",
                "Namespace '" + namespace + "' does not exist", List.of());
    }

    public static ApiException keyNotFound(String namespace, String key) {
        return new ApiException(404, "key-not-found", "Key not found",
                "Key '" + key + "' does not exist in namespace '" + namespace + "'", List.of());
    }

    public static ApiException preconditionFailed(String namespace, long expected, long actual) {
        return new ApiException(412, "precondition-failed", "Precondition failed", "Namespace '" + namespace
                + "' is at revision " + actual + ", not " + expected + " as If-Match requires; read it again",
                List.of());
    }

    public static ApiException preconditionRequired(String namespace) {
        return new ApiException(428, "precondition-required", "Precondition required",
                "Namespace '" + namespace + "' requires writes to send If-Match with the revision they are based on",
                List.of());
    }

    /** A change that breaks the namespace's schema; the violations never quote values. */
    public static ApiException schemaViolated(String namespace, List<Problem.Violation> violations) {
        return new ApiException(422, "schema-violation", "Schema violated", violations.size() + " value"
                + (violations.size() == 1 ? "" : "s") + " break the schema of namespace '" + namespace + "'",
                violations);
    }

    public static ApiException invalidRequest(String detail, List<Problem.Violation> violations) {
        return new ApiException(400, "invalid-request", "Invalid request", detail, violations);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public List<Problem.Violation> violations() {
        return violations;
    }
}

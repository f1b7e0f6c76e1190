package io.liveconfig.server.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.liveconfig.protocol.Durations;

/**
 * A request the server refuses, with what was wrong; nothing was changed. Domain code throws it; the HTTP layer maps
 * its reason to a status and its type to a problem type.
 */
public class Refusal extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why a request is refused, whatever protocol carries it. */
    public enum Reason {
        INVALID,
        /** The caller is known but its grants do not cover the request. */
        FORBIDDEN, NOT_FOUND,
        /** What was asked for existed, and is gone for good (pruned by retention). */
        GONE, CONFLICT, PRECONDITION_FAILED,
        /** The request is larger than a limit allows. */
        TOO_LARGE, PRECONDITION_REQUIRED, UNPROCESSABLE,
        /** The server cannot serve the request now; another server, or this one restarted, can. */
        UNAVAILABLE
    }

    private final Reason reason;
    private final String type;
    private final String title;
    private final List<Violation> violations;

    /**
     * @param type a short stable name of the kind of refusal, such as {@code namespace-not-found}
     * @param title its summary
     * @param detail what was wrong with this request
     */
    public Refusal(Reason reason, String type, String title, String detail, List<Violation> violations) {
        super(detail);
        this.reason = reason;
        this.type = type;
        this.title = title;
        this.violations = List.copyOf(violations);
    }

    public static Refusal invalid(String detail, List<Violation> violations) {
        return new Refusal(Reason.INVALID, "invalid-request", "Invalid request", detail, violations);
    }

    public static Refusal forbidden(String detail) {
        return new Refusal(Reason.FORBIDDEN, "forbidden", "Forbidden", detail, List.of());
    }

    public static Refusal tokenNotFound(String id) {
        return new Refusal(Reason.NOT_FOUND, "token-not-found", "Token not found", "No token has id '" + id + "'",
                List.of());
    }

    public static Refusal tokenExists(String name) {
        return new Refusal(Reason.CONFLICT, "token-exists", "Token exists", "A token named '" + name
                + "' exists and is not revoked", List.of(new Violation("name", "is taken")));
    }

    public static Refusal namespaceNotFound(String namespace) {
        return new Refusal(Reason.NOT_FOUND, "namespace-not-found", "Namespace not found",
                "Namespace '" + namespace + "' does not exist", List.of());
    }

    public static Refusal keyNotFound(String namespace, String key) {
        return new Refusal(Reason.NOT_FOUND, "key-not-found", "Key not found",
                "Key '" + key + "' does not exist in namespace '" + namespace + "'", List.of());
    }

    public static Refusal revisionNotFound(String namespace, long revision) {
        return new Refusal(Reason.NOT_FOUND, "revision-not-found", "Revision not found",
                "Namespace '" + namespace + "' has no revision " + revision, List.of());
    }

    /** A revision older than what the history keeps (see liveconfig.history.*). */
    public static Refusal revisionPruned(String namespace, long revision, long oldestKept) {
        return new Refusal(Reason.GONE, "revision-pruned", "Revision pruned", "Revision " + revision
                + " of namespace '" + namespace + "' was pruned by history retention (liveconfig.history.keep-"
                + "revisions, liveconfig.history.keep-for); the oldest revision kept is " + oldestKept, List.of());
    }

    /**
     * A write beyond a limit of {@code liveconfig.limits}; nothing was changed.
     *
     * @param setting the limit's name without its prefix, such as {@code keys-per-namespace}
     * @param reached what the request asked for, or what the write would make
     * @param what what is counted, such as {@code keys}
     * @param field where in the request, or {@code null}
     */
    public static Refusal limitExceeded(Reason reason, String setting, long limit, long reached, String what,
            String field) {
        String name = "liveconfig.limits." + setting;
        String detail = (field == null ? "" : field + ": ") + reached + " " + what + " exceed " + name + " = "
                + limit;
        List<Violation> violations = new ArrayList<>();
        violations.add(new Violation(name, "limit", "is " + limit + "; reached " + reached));
        if (field != null) {
            violations.add(new Violation(field, "limit", reached + " " + what + ", at most " + limit));
        }
        return new Refusal(reason, "limit-exceeded", "Limit exceeded", detail, violations);
    }

    public static Refusal namespaceExists(String namespace) {
        return new Refusal(Reason.CONFLICT, "namespace-exists", "Namespace exists",
                "Namespace '" + namespace + "' already exists", List.of());
    }

    public static Refusal preconditionFailed(String namespace, long expected, long actual) {
        return new Refusal(Reason.PRECONDITION_FAILED, "precondition-failed", "Precondition failed", "Namespace '"
                + namespace + "' is at revision " + actual + ", not " + expected
                + " as If-Match requires; read it again",
                List.of());
    }

    public static Refusal keyExists(String namespace, String key) {
        return new Refusal(Reason.PRECONDITION_FAILED, "precondition-failed", "Precondition failed", "Key '" + key
                + "' exists in namespace '" + namespace + "' and If-None-Match: * forbids replacing it", List.of());
    }

    public static Refusal preconditionRequired(String namespace) {
        return new Refusal(Reason.PRECONDITION_REQUIRED, "precondition-required", "Precondition required",
                "Namespace '" + namespace + "' requires writes to send If-Match with the revision they are based on",
                List.of());
    }

    /** A change that breaks the namespace's schema; the violations never quote values. */
    public static Refusal schemaViolated(String namespace, List<Violation> violations) {
        return new Refusal(Reason.UNPROCESSABLE, "schema-violation", "Schema violated", violations.size() + " value"
                + (violations.size() == 1 ? "" : "s") + " break the schema of namespace '" + namespace + "'",
                violations);
    }

    /** Checking a write's values took longer than the write may hold its namespace for. */
    public static Refusal checksTooSlow(Duration limit) {
        return new Refusal(Reason.UNPROCESSABLE, "checks-too-slow", "Checks too slow", "Checking the values against "
                + "the schema took longer than " + Durations.text(limit) + ", the limit of one write: write fewer keys "
                + "at once, or simplify the schema's patterns", List.of());
    }

    /** Secret keys cannot be published in clear, and the server has no key to seal them with. */
    public static Refusal secretsUnavailable() {
        return new Refusal(Reason.UNPROCESSABLE, "secrets-unavailable", "Secrets unavailable",
                "Secret keys need the server setting liveconfig.secrets.encryption-key, so that their values are "
                        + "published encrypted",
                List.of());
    }

    /**
     * A schema change that would make held secret values plain: shown in every answer and published in clear.
     *
     * @param keys one violation per key: rule {@code secret} for a value made plain, rule {@code rules} for a secret
     * value whose checks change (as {@link #secretRuleChange}); never a value
     */
    public static Refusal secretDowngrade(String namespace, List<Violation> keys) {
        long plain = keys.stream().filter(key -> "secret".equals(key.rule())).count();
        long rechecked = keys.size() - plain;
        return new Refusal(Reason.CONFLICT, "secret-downgrade", "Secret values would become plain",
                plain + " secret value" + (plain == 1 ? "" : "s") + " of namespace '" + namespace
                        + "' would become plain under the new schema, shown and published in clear"
                        + (rechecked == 0 ? "" : ", and " + rechecked + " checked against changed rules")
                        + ": keep them secret, or pass dropSecretValues=true to remove these values in the same "
                        + "revision",
                keys);
    }

    /**
     * A schema change that would check held secret values against other rules than they were written under: its answer
     * would say whether a hidden value matches a rule the caller chose, whatever that value is.
     */
    public static Refusal secretRuleChange(String namespace, List<Violation> keys) {
        return new Refusal(Reason.CONFLICT, "secret-rule-change", "Secret values cannot be checked",
                keys.size() + " key" + (keys.size() == 1 ? "" : "s") + " of namespace '" + namespace
                        + "' hold secret values that cannot be checked against the new rules without revealing "
                        + "whether they match: pass dropSecretValues=true and set the values again",
                keys);
    }

    /** A rollback that would publish in clear values that were secret when written. */
    public static Refusal secretExposure(String namespace, long revision, List<Violation> keys) {
        return new Refusal(Reason.UNPROCESSABLE, "secret-exposure", "Rollback would expose secrets",
                "Revision " + revision + " of namespace '" + namespace + "' holds values that were secret, and the "
                        + "current schema would publish them in clear: mark them secret again first",
                keys);
    }

    /** A rollback that would bring back secret values written under other rules than the current schema's. */
    public static Refusal secretRuleChangeSince(String namespace, long revision, List<Violation> keys) {
        return new Refusal(Reason.CONFLICT, "secret-rule-change", "Secret values cannot be checked",
                "Revision " + revision + " of namespace '" + namespace + "' holds " + keys.size() + " secret value"
                        + (keys.size() == 1 ? "" : "s") + " that the schema may have changed the rules of since "
                        + "they were written; they cannot be checked against the current rules without revealing "
                        + "whether they match: set them again instead",
                keys);
    }

    /** The cluster member stopped: a write would be committed and never published. */
    public static Refusal memberDown() {
        return new Refusal(Reason.UNAVAILABLE, "cluster-member-down", "Cluster member down",
                ServerMessages.MESSAGES.memberDown(), List.of());
    }

    public static Refusal backupNotEmbedded() {
        return new Refusal(Reason.CONFLICT, "backup-not-embedded", "Not the embedded store",
                "Online backups are for the embedded store; back up PostgreSQL with its own tools (pg_dump, "
                        + "pg_basebackup)",
                List.of());
    }

    public static Refusal signingKeyNotFound(String id) {
        return new Refusal(Reason.NOT_FOUND, "signing-key-not-found", "Signing key not found",
                "There is no signing key '" + id + "'", List.of());
    }

    /** A rotation step out of order: creating a second next key, activating a key that is not next, and so on. */
    public static Refusal signingKeyState(String detail) {
        return new Refusal(Reason.CONFLICT, "signing-key-state", "Signing key in another state", detail, List.of());
    }

    /** Activating a key that running apps do not trust would make them refuse every publication. */
    public static Refusal signingKeyNotTrusted(String id, List<Violation> instances) {
        return new Refusal(Reason.CONFLICT, "signing-key-not-trusted", "Apps do not trust the key",
                instances.size() + " running app instance" + (instances.size() == 1 ? " does" : "s do")
                        + " not trust signing key '" + id + "' yet: add its public key to their "
                        + "liveconfig.trust.public-keys and restart them, or activate with force=true",
                instances);
    }

    public Reason reason() {
        return reason;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public List<Violation> violations() {
        return violations;
    }
}

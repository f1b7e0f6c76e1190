package io.liveconfig.server.api;

import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * What the generated OpenAPI document says of the whole API, and the descriptions that many operations share, so that a
 * header or a refusal reads the same everywhere.
 * <p>
 * Every error is a {@link Problem}. Resources document each one they can answer with its own {@code @APIResponse}
 * saying when, and content {@code {@Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation =
 * Problem.class))}}: MicroProfile OpenAPI cannot compose annotations, and a shared response referenced by {@code ref}
 * could not say when each operation answers it. The content is written as an array because the build's formatter keeps
 * line breaks in array initializers and string concatenations only. The 500 that every operation can answer is declared
 * once on each resource class.
 */
@OpenAPIDefinition(info = @Info(title = "LiveConfig API", version = "1", description = ApiDocumentation.ABOUT), tags = {
        @Tag(name = ApiDocumentation.TAG_NAMESPACES, description = "Create, read, configure and delete namespaces, "
                + "the unit of configuration that an app reads"),
        @Tag(name = ApiDocumentation.TAG_ENTRIES, description = "Read and change the keys and values of a namespace; "
                + "each change is one revision"),
        @Tag(name = ApiDocumentation.TAG_REVISIONS, description = "The history of a namespace: its revisions, the "
                + "content at a revision, diffs and rollbacks"),
        @Tag(name = ApiDocumentation.TAG_SCHEMA, description = "The typed schema that every change of a namespace is "
                + "checked against"),
        @Tag(name = ApiDocumentation.TAG_AUDIT, description = "Who did what to which namespace, and from where"),
        @Tag(name = ApiDocumentation.TAG_TRANSFER, description = "Import and export the entries of namespaces"),
        @Tag(name = ApiDocumentation.TAG_BACKUP, description = "Online backups of the embedded store"),
        @Tag(name = ApiDocumentation.TAG_SIGNING_KEYS, description = "The keys every publication is signed with, "
                + "which apps trust, and their rotation"),
        @Tag(name = ApiDocumentation.TAG_TOKENS, description = "The API tokens that callers authenticate with")})
public final class ApiDocumentation {

    /** The API as a whole: what it is for, and the conventions that every operation follows. */
    public static final String ABOUT = "Distributed configuration for Jakarta EE, MicroProfile and Quarkus services. "
            + "The server keeps every namespace in a database, validates each change against the namespace's schema "
            + "and gives it a revision, then publishes the namespace as an immutable snapshot that apps read in "
            + "memory.\n\n"
            + "Reads of a namespace carry its revision as a strong ETag such as \"7\"; writes accept it back in "
            + "If-Match and are refused with 412 if the namespace changed since, and a namespace may require it (428 "
            + "without). A write is answered once committed. A refused request changes nothing and gets an RFC 9457 "
            + "application/problem+json body saying what was wrong and where.\n\n"
            + "Paths mean what they say: a path with a . or .. segment (raw or percent-encoded), a matrix parameter "
            + "(;), an encoded slash or backslash (%2F, %5C), an empty segment (//), a control character or a "
            + "malformed percent escape is refused with 400 before routing, never normalised. A key in a path is "
            + "percent-encoded as a path segment (; as %3B, % as %25, \" as %22); a key that contains / or \\ is "
            + "written with the change-set body (POST .../changes).\n\n"
            + "Every operation needs a bearer token in the Authorization header: an API token (made through "
            + "/api/v1/tokens; the first start writes an admin token to admin-token in the data directory) or, when "
            + "the server is configured for it, an OIDC access token. Grants are per namespace (reader, writer, "
            + "admin of a name or a prefix*) or global (admin). 401 means no valid token, whatever was wrong with it; "
            + "403 means the token's grants do not cover the operation. History and audit name the token or OIDC "
            + "principal that made each change.";

    public static final String TAG_NAMESPACES = "Namespaces";
    public static final String TAG_ENTRIES = "Entries";
    public static final String TAG_REVISIONS = "Revisions";
    public static final String TAG_SCHEMA = "Schema";
    public static final String TAG_AUDIT = "Audit";
    public static final String TAG_TRANSFER = "Transfer";
    public static final String TAG_BACKUP = "Backup";
    public static final String TAG_SIGNING_KEYS = "Signing keys";
    public static final String TAG_TOKENS = "Tokens";

    /** Of the ETag response header. */
    public static final String ETAG_DOC = "The namespace's revision as a strong ETag, such as \"7\": send it as "
            + "If-Match to write on top of this revision";
    /** Of the If-Match request header. */
    public static final String IF_MATCH_DOC = "The revision the write is based on, as the ETag read, such as \"7\". A "
            + "stale revision is refused with 412; a namespace that requires If-Match refuses writes without it with "
            + "428";
    /** Of the If-None-Match request header. */
    public static final String IF_NONE_MATCH_DOC = "Only *: create the key, and refuse with 412 if it exists. Accepted "
            + "instead of If-Match where the namespace requires it";
    /** Of the 401 that every operation can answer. */
    public static final String UNAUTHENTICATED = "No valid bearer token: missing, malformed, unknown, expired or "
            + "revoked, alike";
    /** Of the 403 that every operation can answer. */
    public static final String FORBIDDEN = "The token's grants do not cover this operation on this namespace";

    public static final String STALE_REVISION = "If-Match names a revision other than the namespace's current one: it "
            + "changed since it was read";
    public static final String IF_MATCH_REQUIRED = "The namespace requires If-Match on writes and none was sent";
    public static final String BODY_TOO_LARGE = "The body is over the server's limit, "
            + "quarkus.http.limits.max-body-size (1 MiB by default)";
    /** A 413 of a write: the body, or a limit of liveconfig.limits on the request's size. */
    public static final String WRITE_TOO_LARGE = "The body is over quarkus.http.limits.max-body-size (1 MiB by "
            + "default), a value over liveconfig.limits.bytes-per-value (65,536 UTF-8 bytes by default), or the "
            + "write sets and removes more keys than liveconfig.limits.changes-per-change-set (10,000 by default); "
            + "the latter two are problem type limit-exceeded, naming the setting; nothing was changed";
    /** Part of a 422 of a write: a quota of liveconfig.limits reached. */
    public static final String QUOTA_REACHED = "the namespace would hold more than liveconfig.limits.keys-per-"
            + "namespace keys (100,000 by default) or liveconfig.limits.bytes-per-namespace UTF-8 bytes of keys and "
            + "values (16 MiB by default): problem type limit-exceeded, naming the setting";
    public static final String REVISION_PRUNED = "The revision was pruned by history retention (liveconfig.history."
            + "keep-revisions, liveconfig.history.keep-for): problem type revision-pruned names the oldest kept";
    public static final String NOT_JSON = "The body is not sent as application/json";
    public static final String MEMBER_DOWN = "The server's cluster member is not running, so nothing written now could "
            + "reach apps: nothing was changed; write through another server (problem type cluster-member-down)";
    public static final String SERVER_ERROR = "The server failed, for example to reach its database; the problem "
            + "names the error id in the server log";

    private ApiDocumentation() {
    }
}

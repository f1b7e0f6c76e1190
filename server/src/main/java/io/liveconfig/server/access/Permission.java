package io.liveconfig.server.access;

/**
 * The names of the permissions that guard the routes ({@code @PermissionsAllowed}), each checked against the route's
 * {@code namespace} parameter by security.NamespacePermissions.
 */
public final class Permission {

    /** Reader of the namespace: entries, history, diffs, export, instances. */
    public static final String READ = "namespace-read";
    /** Writer of the namespace: change entries, import, roll back. */
    public static final String WRITE = "namespace-write";
    /** Admin of the namespace: schema, settings, delete. */
    public static final String ADMIN = "namespace-admin";
    /** Admin of the namespace a query names, or the global admin for one that names none. */
    public static final String AUDIT = "audit-read";

    private Permission() {
    }
}

package io.liveconfig.server.core;

import java.util.Locale;
import java.util.Set;

/** What made a revision, as the history shows it. Stored by {@link #id()}; ids never change meaning. */
public enum RevisionKind {
    CREATE, CHANGE, ROLLBACK, IMPORT, SCHEMA, DELETE,
    /** Written by the migration that started the history of namespaces that existed before it. */
    BASELINE,
    /** The database's content published again in a later epoch, after the cluster had seen a later state. */
    RESTORE;

    /** The kinds that may replace a namespace's schema: a schema change, and a create, which starts without one. */
    public static final Set<RevisionKind> SCHEMA_CHANGES = Set.of(SCHEMA, CREATE);

    /** The stored and shown form: {@code create}, {@code change}, … */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}

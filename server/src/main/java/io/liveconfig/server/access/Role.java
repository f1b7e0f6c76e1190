package io.liveconfig.server.access;

import java.util.Locale;

/** What a grant lets its holder do in the namespaces it covers; each role includes the ones before it. */
public enum Role {
    /** Entries (secrets masked), history, diffs, export and instances. */
    READER,
    /** A reader who also changes entries, imports and rolls back. */
    WRITER,
    /** A writer who also replaces the schema, changes settings, creates and deletes namespaces and gives tokens. */
    ADMIN;

    public boolean includes(Role other) {
        return compareTo(other) >= 0;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}

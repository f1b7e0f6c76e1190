package io.liveconfig.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import io.liveconfig.server.core.RevisionKind;

/**
 * SQL for the history: one row per revision, one per key it changed. Rows are never updated, but for retention
 * ({@link #prune}), which removes what the kept history no longer needs.
 */
@ApplicationScoped
public class RevisionStore {

    private final DataSource dataSource;

    RevisionStore(Database database) {
        this.dataSource = database.dataSource();
    }

    /**
     * One revision's provenance.
     *
     * @param kind what made it, a {@link RevisionKind#id()}
     * @param changeCount how many keys it changed
     */
    public record Row(long revision, String kind, String author, OffsetDateTime createdAt, String note,
            int changeCount) {
    }

    /**
     * The change of one key by one revision.
     *
     * @param oldValue the value before, {@code null} if the key was added
     * @param newValue the value after, {@code null} if the key was removed
     * @param secret whether the value was secret when written; history masks it for good
     */
    public record KeyChange(String key, String oldValue, String newValue, boolean secret) {
    }

    /**
     * Records a revision.
     *
     * @return when it was recorded, to the millisecond, as stored: a restored database has other times for the same
     * revision numbers
     */
    public Instant insert(String namespace, long revision, RevisionKind kind, String author, String note)
            throws SQLException {
        OffsetDateTime now = Times.now();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO revision "
                        + "(namespace, revision, kind, author, created_at, note) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, namespace);
            insert.setLong(2, revision);
            insert.setString(3, kind.id());
            insert.setString(4, author);
            Times.bind(insert, 5, now);
            insert.setString(6, note);
            insert.executeUpdate();
        }
        return now.toInstant();
    }

    /** When a revision was recorded, if it exists. */
    public Optional<Instant> recordedAt(String namespace, long revision) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT created_at FROM revision WHERE namespace = ? AND revision = ?")) {
            select.setString(1, namespace);
            select.setLong(2, revision);
            try (ResultSet row = select.executeQuery()) {
                return row.next()
                        ? Optional.of(Times.read(row, 1).toInstant())
                        : Optional.empty();
            }
        }
    }

    public void insertChanges(String namespace, long revision, List<KeyChange> changes) throws SQLException {
        if (changes.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO revision_change "
                        + "(namespace, revision, prop_key, old_value, new_value, secret) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (KeyChange change : changes) {
                insert.setString(1, namespace);
                insert.setLong(2, revision);
                insert.setString(3, change.key());
                insert.setString(4, change.oldValue());
                insert.setString(5, change.newValue());
                insert.setBoolean(6, change.secret());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Revisions, newest first. */
    public List<Row> list(String namespace, int offset, int limit) throws SQLException {
        return rows(namespace, "ORDER BY r.revision DESC LIMIT ? OFFSET ?", limit, offset);
    }

    public Optional<Row> find(String namespace, long revision) throws SQLException {
        return rows(namespace, "AND r.revision = ?", revision).stream().findFirst();
    }

    /** The keys a revision changed, by key. */
    public List<KeyChange> changes(String namespace, long revision) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT prop_key, old_value, new_value, secret "
                        + "FROM revision_change WHERE namespace = ? AND revision = ? ORDER BY prop_key")) {
            select.setString(1, namespace);
            select.setLong(2, revision);
            try (ResultSet rows = select.executeQuery()) {
                List<KeyChange> changes = new ArrayList<>();
                while (rows.next()) {
                    changes.add(
                            new KeyChange(rows.getString(1), rows.getString(2), rows.getString(3), rows.getBoolean(4)));
                }
                return changes;
            }
        }
    }

    /** Keys whose value was secret at any point of the namespace's history. */
    public Set<String> everSecret(String namespace) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT DISTINCT prop_key FROM revision_change WHERE namespace = ? AND secret = TRUE")) {
            select.setString(1, namespace);
            try (ResultSet rows = select.executeQuery()) {
                Set<String> keys = new HashSet<>();
                while (rows.next()) {
                    keys.add(rows.getString(1));
                }
                return keys;
            }
        }
    }

    /** The entries of a namespace as they were at a revision: per key, its latest change at or below it. */
    public Map<String, String> contentAt(String namespace, long revision) throws SQLException {
        Map<String, String> content = new HashMap<>();
        heldAt(namespace, revision).forEach((key, held) -> content.put(key, held.value()));
        return content;
    }

    /**
     * A value a key held at a revision.
     *
     * @param writtenIn the revision that wrote it
     */
    public record Held(String value, long writtenIn) {
    }

    /** The entries of a namespace as they were at a revision, each with the revision that wrote it. */
    public Map<String, Held> heldAt(String namespace, long revision) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("""
                        SELECT c.prop_key, c.new_value, c.revision FROM revision_change c
                        WHERE c.namespace = ? AND c.new_value IS NOT NULL AND c.revision = (
                            SELECT MAX(l.revision) FROM revision_change l
                            WHERE l.namespace = c.namespace AND l.prop_key = c.prop_key AND l.revision <= ?)""")) {
            select.setString(1, namespace);
            select.setLong(2, revision);
            try (ResultSet rows = select.executeQuery()) {
                Map<String, Held> content = new HashMap<>();
                while (rows.next()) {
                    content.put(rows.getString(1), new Held(rows.getString(2), rows.getLong(3)));
                }
                return content;
            }
        }
    }

    /**
     * One change of one key.
     *
     * @param present whether it left a value (else it removed the key)
     * @param secret whether that value, or the one removed, was secret
     */
    public record KeyWrite(long revision, boolean present, boolean secret) {
    }

    /** Every change of one key, oldest first. */
    public List<KeyWrite> changesOf(String namespace, String key) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT revision, new_value IS NOT NULL, secret "
                        + "FROM revision_change WHERE namespace = ? AND prop_key = ? ORDER BY revision")) {
            select.setString(1, namespace);
            select.setString(2, key);
            try (ResultSet rows = select.executeQuery()) {
                List<KeyWrite> changes = new ArrayList<>();
                while (rows.next()) {
                    changes.add(new KeyWrite(rows.getLong(1), rows.getBoolean(2), rows.getBoolean(3)));
                }
                return changes;
            }
        }
    }

    /** The revisions of a namespace made by one of some kinds, oldest first. */
    public List<Long> revisionsOf(String namespace, Set<RevisionKind> kinds) throws SQLException {
        String placeholders = String.join(", ", Collections.nCopies(kinds.size(), "?"));
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT revision FROM revision "
                        + "WHERE namespace = ? AND kind IN (" + placeholders + ") ORDER BY revision")) {
            select.setString(1, namespace);
            int i = 2;
            for (RevisionKind kind : kinds) {
                select.setString(i++, kind.id());
            }
            try (ResultSet rows = select.executeQuery()) {
                List<Long> revisions = new ArrayList<>();
                while (rows.next()) {
                    revisions.add(rows.getLong(1));
                }
                return revisions;
            }
        }
    }

    /** The oldest revision of a namespace that the history keeps; below it, revisions were pruned. */
    public long historyFrom(String namespace) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection
                        .prepareStatement("SELECT history_from FROM namespace WHERE name = ?")) {
            select.setString(1, namespace);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getLong(1) : 0;
            }
        }
    }

    /**
     * Where the kept history of a namespace starts now: at most {@code keep} revisions, none recorded before
     * {@code notBefore}, and never above the current one.
     */
    public long keepFrom(String namespace, long current, int keep, Instant notBefore) throws SQLException {
        long byCount = current - keep + 1;
        long byAge = current;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT MIN(revision) FROM revision WHERE namespace = ? AND created_at >= ?")) {
            select.setString(1, namespace);
            Times.bind(select, 2, OffsetDateTime.ofInstant(notBefore, ZoneOffset.UTC));
            try (ResultSet row = select.executeQuery()) {
                if (row.next()) {
                    long found = row.getLong(1);
                    if (!row.wasNull()) {
                        byAge = found;
                    }
                }
            }
        }
        return Math.min(current, Math.max(byCount, byAge));
    }

    /**
     * Prunes the history of a namespace below a revision, in the caller's transaction; the content at that revision and
     * above stays as it was. Per key, the change that set its value at {@code below} stays; changes it superseded and
     * removals go. A secret change stays without its values, so that the key is still known to have been secret; the
     * revision rows of schema changes stay, so that rollbacks of secret values still know when rules may have changed.
     * First moves the namespace's {@code history_from}, which locks its row against concurrent writes and rollbacks.
     *
     * @return whether it pruned (false: already pruned there)
     */
    public boolean prune(String namespace, long below) throws SQLException {
        String gone = "namespace = ? AND revision < ? AND (new_value IS NULL OR EXISTS (SELECT 1 FROM "
                + "revision_change l WHERE l.namespace = revision_change.namespace AND l.prop_key = "
                + "revision_change.prop_key AND l.revision > revision_change.revision AND l.revision <= ?))";
        String schemaKinds = String.join(", ", Collections.nCopies(RevisionKind.SCHEMA_CHANGES.size(), "?"));
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement move = connection.prepareStatement(
                    "UPDATE namespace SET history_from = ? WHERE name = ? AND history_from < ?")) {
                move.setLong(1, below);
                move.setString(2, namespace);
                move.setLong(3, below);
                if (move.executeUpdate() == 0) {
                    return false;
                }
            }
            try (PreparedStatement mask = connection.prepareStatement("UPDATE revision_change SET old_value = NULL, "
                    + "new_value = NULL WHERE secret = TRUE AND (old_value IS NOT NULL OR new_value IS NOT NULL) AND "
                    + gone)) {
                bindGone(mask, namespace, below);
                mask.executeUpdate();
            }
            try (PreparedStatement delete = connection
                    .prepareStatement("DELETE FROM revision_change WHERE secret = FALSE AND " + gone)) {
                bindGone(delete, namespace, below);
                delete.executeUpdate();
            }
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM revision WHERE namespace = ? "
                    + "AND revision < ? AND kind NOT IN (" + schemaKinds + ") AND NOT EXISTS (SELECT 1 FROM "
                    + "revision_change c WHERE c.namespace = revision.namespace AND c.revision = revision.revision)")) {
                delete.setString(1, namespace);
                delete.setLong(2, below);
                int i = 3;
                for (RevisionKind kind : RevisionKind.SCHEMA_CHANGES) {
                    delete.setString(i++, kind.id());
                }
                delete.executeUpdate();
            }
            return true;
        }
    }

    private static void bindGone(PreparedStatement statement, String namespace, long below) throws SQLException {
        statement.setString(1, namespace);
        statement.setLong(2, below);
        statement.setLong(3, below);
    }

    private List<Row> rows(String namespace, String tail, Object... parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("""
                        SELECT r.revision, r.kind, r.author, r.created_at, r.note,
                               (SELECT COUNT(*) FROM revision_change c
                                WHERE c.namespace = r.namespace AND c.revision = r.revision)
                        FROM revision r WHERE r.namespace = ?
                        AND r.revision >= (SELECT n.history_from FROM namespace n WHERE n.name = r.namespace)""" + " "
                        + tail)) {
            select.setString(1, namespace);
            for (int i = 0; i < parameters.length; i++) {
                select.setObject(i + 2, parameters[i]);
            }
            try (ResultSet rows = select.executeQuery()) {
                List<Row> result = new ArrayList<>();
                while (rows.next()) {
                    result.add(new Row(rows.getLong(1), rows.getString(2), rows.getString(3),
                            Times.read(rows, 4), rows.getString(5), rows.getInt(6)));
                }
                return result;
            }
        }
    }
}

package io.liveconfig.server.namespace;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import io.liveconfig.snapshot.Snapshot;

/**
 * SQL for namespaces and their entries. Callers own the transaction; every write method is meant to run in one.
 * <p>
 * Writers to one namespace are serialized by the update of its row, which also assigns the revision, so the revision
 * and the change commit together and no two commits share a revision.
 */
@ApplicationScoped
public class NamespaceStore {

    /** Consistent reads retry this often when a commit lands between their two queries. */
    private static final int CONSISTENT_READ_ATTEMPTS = 5;

    private final DataSource dataSource;

    NamespaceStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The state of a namespace row, deleted or not. */
    public record Row(String name, long revision, boolean deleted, OffsetDateTime createdAt,
            OffsetDateTime updatedAt) {
    }

    public Optional<Row> find(String name) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return find(connection, name);
        }
    }

    /** Live namespaces with their entry counts, by name: all of them, or the one named. */
    public List<NamespaceView> views(Optional<String> name) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("""
                        SELECT n.name, n.revision, n.created_at, n.updated_at,
                               (SELECT COUNT(*) FROM entry e WHERE e.namespace = n.name)
                        FROM namespace n WHERE n.deleted = FALSE AND (? IS NULL OR n.name = ?) ORDER BY n.name""")) {
            select.setString(1, name.orElse(null));
            select.setString(2, name.orElse(null));
            try (ResultSet rows = select.executeQuery()) {
                List<NamespaceView> views = new ArrayList<>();
                while (rows.next()) {
                    views.add(new NamespaceView(rows.getString(1), rows.getLong(2), rows.getInt(5),
                            rows.getObject(3, OffsetDateTime.class), rows.getObject(4, OffsetDateTime.class)));
                }
                return views;
            }
        }
    }

    /** Names of all namespaces, deleted ones included (their tombstones are published too). */
    public List<String> allNames() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT name FROM namespace ORDER BY name");
                ResultSet rows = select.executeQuery()) {
            List<String> names = new ArrayList<>();
            while (rows.next()) {
                names.add(rows.getString(1));
            }
            return names;
        }
    }

    /** Inserts a new namespace at revision 1. Fails with a unique-key violation if the name exists. */
    public long insert(String name) throws SQLException {
        OffsetDateTime now = now();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO namespace (name, revision, deleted, created_at, updated_at) VALUES (?, 1, FALSE, ?, ?)")) {
            insert.setString(1, name);
            insert.setObject(2, now);
            insert.setObject(3, now);
            insert.executeUpdate();
            return 1;
        }
    }

    /** Locks a live namespace for this transaction and moves it to its next revision; empty if there is none. */
    public Optional<Long> nextRevision(String name) throws SQLException {
        return transition(name, "UPDATE namespace SET revision = revision + 1, updated_at = ? "
                + "WHERE name = ? AND deleted = FALSE");
    }

    /** Marks a live namespace deleted at its next revision; empty if there is none. Its entries stay to be removed. */
    public Optional<Long> markDeleted(String name) throws SQLException {
        return transition(name, "UPDATE namespace SET revision = revision + 1, deleted = TRUE, updated_at = ? "
                + "WHERE name = ? AND deleted = FALSE");
    }

    /** Brings a deleted namespace back, empty, at its next revision; empty if there is no deleted one. */
    public Optional<Long> revive(String name) throws SQLException {
        return transition(name, "UPDATE namespace SET revision = revision + 1, deleted = FALSE, created_at = ?, "
                + "updated_at = ? WHERE name = ? AND deleted = TRUE");
    }

    /** Runs an update whose parameters are timestamps, all set to now, then the namespace name. */
    private Optional<Long> transition(String name, String update) throws SQLException {
        OffsetDateTime now = now();
        int parameters = (int) update.chars().filter(c -> c == '?').count();
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement statement = connection.prepareStatement(update)) {
                for (int i = 1; i < parameters; i++) {
                    statement.setObject(i, now);
                }
                statement.setString(parameters, name);
                if (statement.executeUpdate() == 0) {
                    return Optional.empty();
                }
            }
            return Optional.of(find(connection, name).orElseThrow().revision());
        }
    }

    /** Sets a value at a revision; the namespace row must be locked by this transaction. */
    public void put(String namespace, String key, String value, long revision) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE entry SET prop_value = ?, revision = ? WHERE namespace = ? AND prop_key = ?")) {
                update.setString(1, value);
                update.setLong(2, revision);
                update.setString(3, namespace);
                update.setString(4, key);
                if (update.executeUpdate() == 1) {
                    return;
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO entry (namespace, prop_key, prop_value, revision) VALUES (?, ?, ?, ?)")) {
                insert.setString(1, namespace);
                insert.setString(2, key);
                insert.setString(3, value);
                insert.setLong(4, revision);
                insert.executeUpdate();
            }
        }
    }

    /** Removes a key; the namespace row must be locked by this transaction. */
    public boolean delete(String namespace, String key) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection
                        .prepareStatement("DELETE FROM entry WHERE namespace = ? AND prop_key = ?")) {
            delete.setString(1, namespace);
            delete.setString(2, key);
            return delete.executeUpdate() == 1;
        }
    }

    /** Removes every key of a namespace; its row must be locked by this transaction. */
    public void deleteAll(String namespace) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement("DELETE FROM entry WHERE namespace = ?")) {
            delete.setString(1, namespace);
            delete.executeUpdate();
        }
    }

    /**
     * The namespace exactly as committed at one revision. Inside a write transaction that holds the row lock this is
     * what the transaction is about to commit; outside one, it reads optimistically: entries between two reads of the
     * revision, again if a commit fell between them.
     */
    public Optional<Snapshot> snapshot(String name) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            for (int attempt = 0; attempt < CONSISTENT_READ_ATTEMPTS; attempt++) {
                Optional<Row> before = find(connection, name);
                if (before.isEmpty()) {
                    return Optional.empty();
                }
                Map<String, String> entries = before.get().deleted() ? Map.of() : entries(connection, name);
                Optional<Row> after = find(connection, name);
                if (after.isPresent() && after.get().revision() == before.get().revision()) {
                    Row row = after.get();
                    return Optional.of(row.deleted()
                            ? Snapshot.tombstone(name, row.revision())
                            : Snapshot.of(name, row.revision(), entries));
                }
            }
            throw new SQLException("Namespace '" + name + "' changed during " + CONSISTENT_READ_ATTEMPTS
                    + " consecutive reads; try again");
        }
    }

    private static Optional<Row> find(Connection connection, String name) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT name, revision, deleted, created_at, updated_at FROM namespace WHERE name = ?")) {
            select.setString(1, name);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(row(row)) : Optional.empty();
            }
        }
    }

    private static Map<String, String> entries(Connection connection, String name) throws SQLException {
        try (PreparedStatement select = connection
                .prepareStatement("SELECT prop_key, prop_value FROM entry WHERE namespace = ?")) {
            select.setString(1, name);
            try (ResultSet rows = select.executeQuery()) {
                Map<String, String> entries = new HashMap<>();
                while (rows.next()) {
                    entries.put(rows.getString(1), rows.getString(2));
                }
                return entries;
            }
        }
    }

    private static Row row(ResultSet row) throws SQLException {
        return new Row(row.getString(1), row.getLong(2), row.getBoolean(3), row.getObject(4, OffsetDateTime.class),
                row.getObject(5, OffsetDateTime.class));
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}

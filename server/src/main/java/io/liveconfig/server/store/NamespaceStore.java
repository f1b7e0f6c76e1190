package io.liveconfig.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import io.liveconfig.protocol.Snapshot;
import io.liveconfig.protocol.Version;

/**
 * SQL for namespaces and their current entries. Callers own the transaction; every write method is meant to run in one.
 * <p>
 * Writers to one namespace are serialized by the update of its row, which also assigns the revision, so the revision
 * and the change commit together and no two commits share a revision.
 */
@ApplicationScoped
public class NamespaceStore {

    /** Consistent reads retry this often when a commit lands between their two queries. */
    private static final int CONSISTENT_READ_ATTEMPTS = 5;
    private static final String ROW_COLUMNS = "name, revision, deleted, created_at, updated_at, require_if_match, "
            + "schema_json, epoch";

    private static final String SUMMARIES = """
            SELECT n.name, n.revision, n.created_at, n.updated_at, n.require_if_match,
                   (SELECT COUNT(*) FROM entry e WHERE e.namespace = n.name)
            FROM namespace n WHERE n.deleted = FALSE""";

    private final DataSource dataSource;

    NamespaceStore(Database database) {
        this.dataSource = database.dataSource();
    }

    /**
     * The state of a namespace row, deleted or not.
     *
     * @param schemaJson the namespace's schema document as JSON, or {@code null}
     * @param epoch the history epoch (see {@link Version#epoch()})
     */
    public record Row(String name, long revision, boolean deleted, OffsetDateTime createdAt, OffsetDateTime updatedAt,
            boolean requireIfMatch, String schemaJson, long epoch) {
    }

    public Optional<Row> find(String name) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return find(connection, name);
        }
    }

    /** Live namespaces with their entry counts, by name: all of them, or the one named. */
    public List<NamespaceSummary> summaries(Optional<String> name) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(SUMMARIES
                        + " AND (? IS NULL OR n.name = ?) ORDER BY n.name")) {
            select.setString(1, name.orElse(null));
            select.setString(2, name.orElse(null));
            return summaries(select);
        }
    }

    /** At most {@code limit} live namespaces with their entry counts, by name, those after a name. */
    public List<NamespaceSummary> summariesAfter(String after, int limit) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(SUMMARIES
                        + " AND n.name > ? ORDER BY n.name LIMIT ?")) {
            select.setString(1, after);
            select.setInt(2, limit);
            return summaries(select);
        }
    }

    private static List<NamespaceSummary> summaries(PreparedStatement select) throws SQLException {
        try (ResultSet rows = select.executeQuery()) {
            List<NamespaceSummary> views = new ArrayList<>();
            while (rows.next()) {
                views.add(new NamespaceSummary(rows.getString(1), rows.getLong(2), rows.getInt(6),
                        Times.read(rows, 3), Times.read(rows, 4), rows.getBoolean(5)));
            }
            return views;
        }
    }

    /**
     * Where every namespace stands, deleted ones included (their tombstones are published too), by name: one query that
     * reads no entries, for comparing the database with what the cluster holds.
     */
    public Map<String, Version> versions() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT name, epoch, revision FROM namespace");
                ResultSet rows = select.executeQuery()) {
            Map<String, Version> versions = new HashMap<>();
            while (rows.next()) {
                versions.put(rows.getString(1), new Version(rows.getLong(2), rows.getLong(3)));
            }
            return versions;
        }
    }

    /** How many namespaces are not deleted. */
    public long countLive() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection
                        .prepareStatement("SELECT COUNT(*) FROM namespace WHERE deleted = FALSE");
                ResultSet rows = select.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Names of all namespaces, deleted ones included (their tombstones are published too). */
    public List<String> allNames() throws SQLException {
        return names("SELECT name FROM namespace ORDER BY name");
    }

    /** Names of the live namespaces, by name: one query that reads no entries. */
    public List<String> liveNames() throws SQLException {
        return names("SELECT name FROM namespace WHERE deleted = FALSE ORDER BY name");
    }

    private List<String> names(String query) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(query);
                ResultSet rows = select.executeQuery()) {
            List<String> names = new ArrayList<>();
            while (rows.next()) {
                names.add(rows.getString(1));
            }
            return names;
        }
    }

    /** Inserts a new namespace at revision 1. Fails with a unique-key violation if the name exists. */
    public void insert(String name, boolean requireIfMatch) throws SQLException {
        OffsetDateTime now = Times.now();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO namespace "
                        + "(name, revision, deleted, created_at, updated_at, require_if_match) "
                        + "VALUES (?, 1, FALSE, ?, ?, ?)")) {
            insert.setString(1, name);
            Times.bind(insert, 2, now);
            Times.bind(insert, 3, now);
            insert.setBoolean(4, requireIfMatch);
            insert.executeUpdate();
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

    /** Brings a deleted namespace back, empty and without schema, at its next revision; empty if none was deleted. */
    public Optional<Long> revive(String name, boolean requireIfMatch) throws SQLException {
        return transition(name, "UPDATE namespace SET revision = revision + 1, deleted = FALSE, schema_json = NULL, "
                + "require_if_match = " + requireIfMatch + ", created_at = ?, updated_at = ? "
                + "WHERE name = ? AND deleted = TRUE");
    }

    /**
     * Locks a namespace, deleted or not, still at the given epoch and revision, and moves it to its next revision in a
     * later history epoch; empty if there is no such namespace (any more).
     */
    public Optional<Long> raiseEpoch(String name, long epoch, long fromEpoch, long fromRevision) throws SQLException {
        return transition(name, "UPDATE namespace SET revision = revision + 1, epoch = " + epoch + ", updated_at = ? "
                + "WHERE name = ? AND epoch = " + fromEpoch + " AND revision = " + fromRevision);
    }

    /** Sets the schema of a namespace whose row this transaction has locked. */
    public void setSchema(String name, String schemaJson) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection
                        .prepareStatement("UPDATE namespace SET schema_json = ? WHERE name = ?")) {
            update.setString(1, schemaJson);
            update.setString(2, name);
            update.executeUpdate();
        }
    }

    /** Sets whether writes to a live namespace must send If-Match; false if there is no such namespace. */
    public boolean setRequireIfMatch(String name, boolean requireIfMatch) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE namespace SET require_if_match = ? WHERE name = ? AND deleted = FALSE")) {
            update.setBoolean(1, requireIfMatch);
            update.setString(2, name);
            return update.executeUpdate() == 1;
        }
    }

    /** Runs an update whose parameters are timestamps, all set to now, then the namespace name. */
    private Optional<Long> transition(String name, String update) throws SQLException {
        OffsetDateTime now = Times.now();
        int parameters = (int) update.chars().filter(c -> c == '?').count();
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement statement = connection.prepareStatement(update)) {
                for (int i = 1; i < parameters; i++) {
                    Times.bind(statement, i, now);
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
    public void put(String namespace, String key, String value, long revision, boolean exists) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement write = connection.prepareStatement(exists
                        ? "UPDATE entry SET prop_value = ?, revision = ? WHERE namespace = ? AND prop_key = ?"
                        : "INSERT INTO entry (prop_value, revision, namespace, prop_key) VALUES (?, ?, ?, ?)")) {
            write.setString(1, value);
            write.setLong(2, revision);
            write.setString(3, namespace);
            write.setString(4, key);
            write.executeUpdate();
        }
    }

    /** Removes a key; the namespace row must be locked by this transaction. */
    public void delete(String namespace, String key) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection
                        .prepareStatement("DELETE FROM entry WHERE namespace = ? AND prop_key = ?")) {
            delete.setString(1, namespace);
            delete.setString(2, key);
            delete.executeUpdate();
        }
    }

    /** The current entries; consistent with the revision when this transaction holds the row lock. */
    public Map<String, String> entries(String name) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return entries(connection, name);
        }
    }

    /**
     * The namespace exactly as committed at its current revision, read optimistically outside a write transaction:
     * entries between two reads of the revision, again if a commit fell between them.
     */
    public Optional<Current> current(String name) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            for (int attempt = 0; attempt < CONSISTENT_READ_ATTEMPTS; attempt++) {
                Optional<Row> before = find(connection, name);
                if (before.isEmpty()) {
                    return Optional.empty();
                }
                Map<String, String> entries = before.get().deleted() ? Map.of() : entries(connection, name);
                Optional<Row> after = find(connection, name);
                if (after.isPresent() && after.get().revision() == before.get().revision()) {
                    return Optional.of(new Current(after.get(), entries));
                }
            }
            throw new SQLException("Namespace '" + name + "' changed during " + CONSISTENT_READ_ATTEMPTS
                    + " consecutive reads; try again");
        }
    }

    /**
     * A namespace row with its entries at the row's revision.
     *
     * @param row the namespace
     * @param entries its entries, unmodifiable
     */
    public record Current(Row row, Map<String, String> entries) {

        public Current {
            entries = Map.copyOf(entries);
        }

        public Snapshot snapshot() {
            Snapshot snapshot = row.deleted()
                    ? Snapshot.tombstone(row.name(), row.revision())
                    : Snapshot.of(row.name(), row.revision(), entries);
            return snapshot.withEpoch(row.epoch());
        }
    }

    private static Optional<Row> find(Connection connection, String name) throws SQLException {
        try (PreparedStatement select = connection
                .prepareStatement("SELECT " + ROW_COLUMNS + " FROM namespace WHERE name = ?")) {
            select.setString(1, name);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Row(row.getString(1), row.getLong(2), row.getBoolean(3),
                        Times.read(row, 4), Times.read(row, 5),
                        row.getBoolean(6), row.getString(7), row.getLong(8)));
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
}

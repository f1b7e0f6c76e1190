package io.liveconfig.server.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import javax.sql.DataSource;

import io.liveconfig.server.core.ServerLog;

/**
 * Moves a store that an earlier version kept in an H2 file ({@code liveconfig.mv.db}) into the embedded store, once, so
 * that an upgrade never starts on an empty database beside the old data. Every column the two have in common is copied,
 * table by table, in one transaction (columns that an older H2 schema lacks take the embedded schema's defaults); the
 * H2 file is then kept under another name rather than deleted.
 */
final class LegacyH2Import {

    static final String FILE = "liveconfig.mv.db";

    /** In foreign-key order. */
    private static final List<String> TABLES = List.of("namespace", "entry", "revision", "revision_change",
            "audit_event");

    private LegacyH2Import() {
    }

    /** Whether the data directory holds an H2 store to import. */
    static boolean pending(Path dataDir) {
        return Files.isRegularFile(dataDir.resolve(FILE));
    }

    /** Copies the H2 store into the (freshly migrated, empty) embedded store and renames the H2 file. */
    static void run(Path dataDir, DataSource embedded) throws SQLException, IOException {
        Path file = dataDir.resolve(FILE);
        // The earlier versions' URL and credentials; IFEXISTS: never create an H2 database here.
        String url = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("liveconfig") + ";IFEXISTS=TRUE";
        int namespaces;
        int revisions;
        try (Connection h2 = DriverManager.getConnection(url, "liveconfig", "liveconfig");
                Connection target = embedded.getConnection()) {
            target.setAutoCommit(false);
            try {
                namespaces = 0;
                revisions = 0;
                for (String table : TABLES) {
                    int rows = copy(h2, target, table);
                    namespaces += table.equals("namespace") ? rows : 0;
                    revisions += table.equals("revision") ? rows : 0;
                }
                target.commit();
            } catch (SQLException e) {
                target.rollback();
                throw e;
            } finally {
                target.setAutoCommit(true);
            }
            try (Statement shutdown = h2.createStatement()) {
                shutdown.execute("SHUTDOWN");
            }
        }
        Path keptAs = dataDir.resolve(FILE + ".imported");
        Files.move(file, keptAs, StandardCopyOption.ATOMIC_MOVE);
        ServerLog.LOG.importedLegacyH2(file, namespaces, revisions, keptAs);
    }

    private static int copy(Connection from, Connection to, String table) throws SQLException {
        List<String> columns = columns(from, table.toUpperCase(Locale.ROOT));
        columns.retainAll(columns(to, table));
        if (columns.isEmpty()) {
            return 0; // a table of a later schema than the H2 file's
        }
        try (Statement select = from.createStatement();
                ResultSet rows = select.executeQuery("SELECT " + String.join(", ", columns) + " FROM " + table)) {
            String insert = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
                    + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")";
            int count = 0;
            try (PreparedStatement write = to.prepareStatement(insert)) {
                while (rows.next()) {
                    for (int i = 1; i <= columns.size(); i++) {
                        Object value = rows.getObject(i);
                        if (value instanceof OffsetDateTime time) {
                            Times.bind(write, i, time);
                        } else {
                            write.setObject(i, value);
                        }
                    }
                    write.addBatch();
                    count++;
                }
                write.executeBatch();
            }
            return count;
        }
    }

    private static List<String> columns(Connection connection, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (ResultSet rows = connection.getMetaData().getColumns(null, null, table, null)) {
            while (rows.next()) {
                columns.add(rows.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
            }
        }
        return columns;
    }
}

package io.liveconfig.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteDataSource;

import io.liveconfig.testing.TempDirectories;

/**
 * An upgrade finds the H2 file that earlier versions kept: its namespaces, entries, history and audit move into the
 * embedded store, and the H2 file is kept under another name.
 */
class LegacyH2ImportTest {

    @Test
    void movesAnEarlierVersionsH2StoreIntoTheEmbeddedStore() throws Exception {
        Path dataDir = TempDirectories.create("liveconfig-legacy-h2");
        try {
            // What an earlier version left: its migrations (the portable ones) and a namespace with history.
            String h2 = "jdbc:h2:file:" + dataDir.resolve("liveconfig");
            Flyway.configure().dataSource(h2, "liveconfig", "liveconfig").locations("classpath:db/postgresql")
                    .target("4").load().migrate();
            try (Connection connection = DriverManager.getConnection(h2, "liveconfig", "liveconfig");
                    Statement sql = connection.createStatement()) {
                sql.execute("INSERT INTO namespace (name, revision, deleted, created_at, updated_at, epoch) "
                        + "VALUES ('orders', 2, FALSE, TIMESTAMP WITH TIME ZONE '2026-11-01 10:00:00+00', "
                        + "TIMESTAMP WITH TIME ZONE '2026-11-02 10:00:00+00', 3)");
                sql.execute("INSERT INTO entry VALUES ('orders', 'timeout', '30s', 2)");
                sql.execute("INSERT INTO revision VALUES ('orders', 2, 'change', 'ann', "
                        + "TIMESTAMP WITH TIME ZONE '2026-11-02 10:00:00+00', 'longer')");
                sql.execute("INSERT INTO revision_change VALUES ('orders', 2, 'timeout', NULL, '30s', FALSE)");
                sql.execute("INSERT INTO audit_event (occurred_at, actor, action, namespace, revision, detail) VALUES "
                        + "(TIMESTAMP WITH TIME ZONE '2026-11-02 10:00:00+00', 'ann', 'change', 'orders', 2, '{}')");
                sql.execute("SHUTDOWN");
            }
            SQLiteDataSource embedded = new SQLiteDataSource();
            embedded.setUrl("jdbc:sqlite:" + dataDir.resolve("liveconfig.db"));
            Flyway.configure().dataSource(embedded).locations("classpath:db/sqlite").load().migrate();

            assertTrue(LegacyH2Import.pending(dataDir));
            LegacyH2Import.run(dataDir, embedded);

            assertFalse(LegacyH2Import.pending(dataDir));
            assertTrue(Files.exists(dataDir.resolve("liveconfig.mv.db.imported")));
            try (Connection connection = embedded.getConnection(); Statement sql = connection.createStatement()) {
                try (ResultSet row = sql.executeQuery("SELECT revision, epoch, updated_at FROM namespace")) {
                    assertTrue(row.next());
                    assertEquals(2, row.getLong(1));
                    assertEquals(3, row.getLong(2));
                    assertEquals("2026-11-02T10:00:00Z", Times.read(row, 3).toInstant().toString());
                }
                try (ResultSet row = sql.executeQuery("SELECT prop_value FROM entry WHERE prop_key = 'timeout'")) {
                    assertTrue(row.next());
                    assertEquals("30s", row.getString(1));
                }
                try (ResultSet row = sql.executeQuery("SELECT author, note FROM revision")) {
                    assertTrue(row.next());
                    assertEquals("ann", row.getString(1));
                    assertEquals("longer", row.getString(2));
                }
                try (ResultSet row = sql.executeQuery("SELECT COUNT(*) FROM revision_change")) {
                    assertTrue(row.next());
                    assertEquals(1, row.getInt(1));
                }
                try (ResultSet row = sql.executeQuery("SELECT actor FROM audit_event")) {
                    assertTrue(row.next());
                    assertEquals("ann", row.getString(1));
                }
            }
        } finally {
            TempDirectories.delete(dataDir);
        }
    }
}

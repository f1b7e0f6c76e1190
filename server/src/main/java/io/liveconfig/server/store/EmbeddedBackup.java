package io.liveconfig.server.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import jakarta.enterprise.context.ApplicationScoped;

import io.liveconfig.server.config.ServerConfig;
import io.liveconfig.server.core.Refusal;

/**
 * Online backups of the embedded store: a consistent copy taken while writes go on ({@code VACUUM INTO} reads one
 * snapshot of the database), marked as a backup so that a server started on it after a restore moves every namespace to
 * a new epoch (see {@link StoreIdentity}). Restoring is an operator's step: stop the server, put the file in place of
 * {@code liveconfig.db} (without its {@code -wal} and {@code -shm} files), start it (docs/durability.md).
 */
@ApplicationScoped
public class EmbeddedBackup {

    private final Database database;
    private final Path dataDir;

    EmbeddedBackup(Database database, ServerConfig config) {
        this.database = database;
        this.dataDir = Path.of(config.dataDir()).toAbsolutePath().normalize();
    }

    /**
     * Writes a backup to a new file in the data directory, synced; the caller deletes it.
     *
     * @throws Refusal when the store is PostgreSQL, which has its own tools
     */
    public Path write() throws SQLException, IOException {
        if (!database.isEmbedded()) {
            throw Refusal.backupNotEmbedded();
        }
        // Created 0600 (a temporary file is, on POSIX); VACUUM INTO writes into an empty file and keeps its mode.
        Path file = Files.createTempFile(dataDir, "backup-", ".db");
        try {
            try (Connection connection = database.dataSource().getConnection();
                    PreparedStatement vacuum = connection.prepareStatement("VACUUM INTO ?")) {
                vacuum.setString(1, file.toString());
                vacuum.execute();
            }
            try (Connection backup = DriverManager.getConnection("jdbc:sqlite:" + file)) {
                StoreIdentity.markAsBackup(backup);
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            return file;
        } catch (SQLException | IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }
}

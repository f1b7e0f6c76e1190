package io.liveconfig.server.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import io.liveconfig.server.core.OwnerOnly;
import io.liveconfig.server.core.ServerLog;
import io.liveconfig.server.core.ServerMessages;

/**
 * Which store a database holds, and which one the data directory last served: the database keeps an id in its
 * {@code store_identity} row, the data directory the same id in its {@value #MARKER} file. A start that finds the
 * marker but an empty database (the file was lost, or replaced by a new one), or another store's id, refuses instead of
 * serving an empty or foreign authority; deleting the marker is the deliberate way past it.
 */
final class StoreIdentity {

    static final String MARKER = "store-id";

    /** Makes what has been committed durable. */
    @FunctionalInterface
    interface Durability {
        void sync() throws IOException;
    }

    /** The database's identity row. */
    record Row(String id, Optional<Instant> backupTakenAt) {
    }

    private StoreIdentity() {
    }

    /**
     * Checks the database against the data directory, and gives a new store (empty database, no marker) its id.
     *
     * @return the database's identity; {@link Row#backupTakenAt()} is set when it is a restored backup
     */
    static Row verify(DataSource dataSource, Path dataDir, Durability durability) throws SQLException, IOException {
        Path marker = dataDir.resolve(MARKER);
        Optional<String> expected = Files.exists(marker)
                ? Optional.of(Files.readString(marker, StandardCharsets.UTF_8).strip())
                : Optional.empty();
        Optional<Row> found = read(dataSource);
        if (found.isEmpty()) {
            if (expected.isPresent()) {
                throw ServerMessages.MESSAGES.storeLost(dataDir, expected.get(), marker);
            }
            found = Optional.of(create(dataSource));
            ServerLog.LOG.storeCreated(found.get().id(), dataDir);
        } else if (expected.isPresent() && !expected.get().equals(found.get().id())) {
            throw ServerMessages.MESSAGES.otherStore(found.get().id(), dataDir, expected.get(), marker);
        }
        if (expected.isEmpty()) {
            durability.sync(); // the id before the marker: a marker without its store would refuse the next start
            writeDurably(marker, found.get().id());
        }
        return found.get();
    }

    static Optional<Row> read(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection
                        .prepareStatement("SELECT id, backup_taken_at FROM store_identity WHERE slot = 1");
                ResultSet row = select.executeQuery()) {
            if (!row.next()) {
                return Optional.empty();
            }
            return Optional.of(new Row(row.getString(1),
                    Optional.ofNullable(Times.read(row, 2)).map(OffsetDateTime::toInstant)));
        }
    }

    /** Marks the database as a backup taken now: a server that starts on it knows it was restored. */
    static void markAsBackup(Connection backup) throws SQLException {
        try (PreparedStatement update = backup
                .prepareStatement("UPDATE store_identity SET backup_taken_at = ? WHERE slot = 1")) {
            Times.bind(update, 1, Times.now());
            update.executeUpdate();
        }
    }

    /** Forgets that the database was a backup, once every namespace has moved to its new epoch. */
    static void clearBackupMark(Connection connection) throws SQLException {
        try (PreparedStatement update = connection
                .prepareStatement("UPDATE store_identity SET backup_taken_at = NULL WHERE slot = 1")) {
            update.executeUpdate();
        }
    }

    private static Row create(DataSource dataSource) throws SQLException {
        String id = UUID.randomUUID().toString();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection
                        .prepareStatement("INSERT INTO store_identity (slot, id, created_at) VALUES (1, ?, ?)")) {
            insert.setString(1, id);
            Times.bind(insert, 2, Times.now());
            insert.executeUpdate();
        } catch (SQLException e) {
            // Another server member created it first (one row: slot 1).
            return read(dataSource).orElseThrow(() -> e);
        }
        return new Row(id, Optional.empty());
    }

    /** Writes a small file so that it survives a power cut: temporary file, sync, rename, sync the directory. */
    static void writeDurably(Path file, String content) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temporary, Set.of(StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE),
                OwnerOnly.fileAttributes(temporary.toAbsolutePath().getParent()))) {
            channel.write(StandardCharsets.UTF_8.encode(content + "\n"));
            channel.force(true);
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(file.toAbsolutePath().getParent());
    }

    static void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}

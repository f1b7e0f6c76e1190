package io.liveconfig.server.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

import io.liveconfig.server.config.ServerConfig;
import io.liveconfig.server.core.OwnerOnly;
import io.liveconfig.server.core.ServerMessages;
import io.quarkus.arc.InjectableInstance;
import io.quarkus.flyway.FlywayDataSource;
import io.quarkus.runtime.StartupEvent;

/**
 * Opens the store before anything reads or writes it, and refuses to start on one that is not the store this data
 * directory served: a damaged embedded file, an empty database where data was (see {@link StoreIdentity}). Then it
 * imports an earlier version's H2 file, migrates the schema, and starts {@link WalSync} for the embedded store.
 */
@ApplicationScoped
public class StoreStartup {

    static final String EMBEDDED_FILE = "liveconfig.db";

    private final Database database;
    private final WalSync walSync;
    private final InjectableInstance<Flyway> embeddedMigrations;
    private final InjectableInstance<Flyway> postgresqlMigrations;
    private final Path dataDir;
    private final String embeddedUrl;
    private volatile Optional<Instant> restoredBackup = Optional.empty();

    StoreStartup(Database database, WalSync walSync, ServerConfig config,
            @FlywayDataSource(Database.EMBEDDED) InjectableInstance<Flyway> embeddedMigrations,
            @FlywayDataSource(Database.POSTGRESQL) InjectableInstance<Flyway> postgresqlMigrations,
            @ConfigProperty(name = "quarkus.datasource.sqlite.jdbc.url") String embeddedUrl) {
        this.database = database;
        this.walSync = walSync;
        this.embeddedMigrations = embeddedMigrations;
        this.postgresqlMigrations = postgresqlMigrations;
        this.dataDir = Path.of(config.dataDir()).toAbsolutePath().normalize();
        this.embeddedUrl = embeddedUrl;
    }

    // Before every other start-up observer (they publish what the store holds).
    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent start) {
        try {
            OwnerOnly.createDirectories(dataDir);
            OwnerOnly.tighten(dataDir);
            boolean importH2 = false;
            if (database.isEmbedded()) {
                Path file = dataDir.resolve(EMBEDDED_FILE);
                checkIntegrity(file);
                importH2 = !Files.exists(file) && LegacyH2Import.pending(dataDir);
                if (!Files.exists(file)) {
                    // SQLite creates it 0644 (less the umask) and gives its -wal and -shm files the same mode.
                    OwnerOnly.createFile(file);
                }
            }
            migrations().migrate();
            if (database.isEmbedded()) {
                walSync.open(embeddedUrl, dataDir.resolve(EMBEDDED_FILE));
            }
            if (importH2) {
                LegacyH2Import.run(dataDir, database.dataSource());
            }
            StoreIdentity.Row identity = StoreIdentity.verify(database.dataSource(), dataDir,
                    database.isEmbedded() ? walSync::syncNow : () -> {
                    });
            restoredBackup = identity.backupTakenAt();
        } catch (SQLException | IOException | FlywayException e) {
            throw ServerMessages.MESSAGES.storeNotOpened(e.getMessage(), e);
        }
    }

    /** When the store was backed up, if this server started on a restored backup and has not yet moved past it. */
    public Optional<Instant> restoredBackup() {
        return restoredBackup;
    }

    /**
     * Records that every namespace has moved past the restored backup. A crash before this only means that the next
     * start moves them once more.
     */
    public void forgetRestoredBackup(Transactions transactions) {
        transactions.inNew(() -> {
            try (Connection connection = database.dataSource().getConnection()) {
                StoreIdentity.clearBackupMark(connection);
            }
            return null;
        });
        restoredBackup = Optional.empty();
    }

    private Flyway migrations() {
        return (database.isEmbedded() ? embeddedMigrations : postgresqlMigrations).get();
    }

    /** Refuses a damaged file before SQLite or a migration writes to it. */
    private static void checkIntegrity(Path file) throws SQLException {
        if (!Files.exists(file)) {
            return; // a new store, or a lost one: StoreIdentity tells them apart
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement check = connection.createStatement();
                ResultSet result = check.executeQuery("PRAGMA quick_check")) {
            String verdict = result.next() ? result.getString(1) : "no answer";
            if (!"ok".equals(verdict)) {
                throw ServerMessages.MESSAGES.storeDamaged(file, verdict);
            }
        } catch (SQLException e) {
            throw ServerMessages.MESSAGES.storeDamaged(file, e.getMessage());
        }
    }
}

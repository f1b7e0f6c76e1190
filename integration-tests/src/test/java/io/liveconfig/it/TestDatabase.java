package io.liveconfig.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The database a server process runs on: its embedded H2 file (nothing to set up), or a fresh PostgreSQL database on
 * 127.0.0.1:5432 that is dropped afterwards.
 */
public final class TestDatabase implements AutoCloseable {

    private static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
    private static final String USER = "postgres";

    private final String postgresqlDatabase;

    private TestDatabase(String postgresqlDatabase) {
        this.postgresqlDatabase = postgresqlDatabase;
    }

    /** What {@code -Dliveconfig.test.database} asks for: {@code h2} (default) or {@code postgresql}. */
    public static TestDatabase fromBuild() {
        if (!"postgresql".equals(System.getProperty("liveconfig.test.database"))) {
            return new TestDatabase(null);
        }
        String name = "liveconfig_it_" + UUID.randomUUID().toString().replace("-", "");
        admin("CREATE DATABASE " + name);
        return new TestDatabase(name);
    }

    /** System properties that point the server at this database. */
    public Map<String, String> serverProperties() {
        if (postgresqlDatabase == null) {
            return Map.of();
        }
        return Map.of("quarkus.profile", "pg",
                "quarkus.datasource.postgresql.jdbc.url", "jdbc:postgresql://127.0.0.1:5432/" + postgresqlDatabase,
                "quarkus.datasource.postgresql.username", USER);
    }

    /** Copies the database aside, as a backup would; the server must be stopped. */
    public void backUp(Path dataDir) throws IOException {
        if (postgresqlDatabase == null) {
            copyFiles(dataDir, backupOf(dataDir));
        } else {
            admin("DROP DATABASE IF EXISTS " + postgresqlDatabase + "_backup");
            admin("CREATE DATABASE " + postgresqlDatabase + "_backup TEMPLATE " + postgresqlDatabase);
        }
    }

    /** Replaces the database with the last backup; the server must be stopped. */
    public void restore(Path dataDir) throws IOException {
        if (postgresqlDatabase == null) {
            copyFiles(backupOf(dataDir), dataDir);
        } else {
            admin("DROP DATABASE " + postgresqlDatabase + " WITH (FORCE)");
            admin("CREATE DATABASE " + postgresqlDatabase + " TEMPLATE " + postgresqlDatabase + "_backup");
        }
    }

    private static Path backupOf(Path dataDir) {
        return dataDir.resolveSibling(dataDir.getFileName() + "-backup");
    }

    private static void copyFiles(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, to.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    @Override
    public void close() {
        if (postgresqlDatabase != null) {
            admin("DROP DATABASE IF EXISTS " + postgresqlDatabase + " WITH (FORCE)");
            admin("DROP DATABASE IF EXISTS " + postgresqlDatabase + "_backup");
        }
    }

    private static void admin(String sql) {
        // The driver itself, not DriverManager: which drivers it sees depends on the calling class loader.
        Properties credentials = new Properties();
        credentials.setProperty("user", USER);
        try (Connection connection = new org.postgresql.Driver().connect(ADMIN_URL, credentials);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL on 127.0.0.1:5432 is needed for this run: " + e.getMessage(),
                    e);
        }
    }
}

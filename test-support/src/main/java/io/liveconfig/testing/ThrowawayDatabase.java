package io.liveconfig.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The database a server runs on for one test or benchmark: its embedded SQLite file (nothing to set up), or a uniquely
 * named PostgreSQL database on 127.0.0.1:5432 (user {@value #USER}, trust authentication) that {@link #close()} drops.
 */
public final class ThrowawayDatabase implements AutoCloseable {

    /**
     * The property that names the database, {@code -Dtesting.database=postgresql}, the embedded store otherwise. Not
     * under {@code liveconfig.}, whose unknown settings the server refuses.
     */
    public static final String BUILD_PROPERTY = "testing.database";
    public static final String USER = "postgres";

    private static final String SERVER_URL = "jdbc:postgresql://127.0.0.1:5432/";

    /** The PostgreSQL database's name; {@code null} for the embedded store. */
    private final String name;

    private ThrowawayDatabase(String name) {
        this.name = name;
    }

    /** The server's own embedded store, a file in its data directory. */
    public static ThrowawayDatabase embedded() {
        return new ThrowawayDatabase(null);
    }

    /** Creates a fresh PostgreSQL database. */
    public static ThrowawayDatabase postgresql() {
        String name = "liveconfig_throwaway_" + UUID.randomUUID().toString().replace("-", "");
        admin("CREATE DATABASE " + name);
        return new ThrowawayDatabase(name);
    }

    /** What {@value #BUILD_PROPERTY} asks for: {@code embedded} (the default) or {@code postgresql}. */
    public static ThrowawayDatabase fromBuild() {
        return "postgresql".equals(System.getProperty(BUILD_PROPERTY)) ? postgresql() : embedded();
    }

    /** Whether PostgreSQL answers on 127.0.0.1:5432, for runs that skip it otherwise. */
    public static boolean postgresqlAvailable() {
        try {
            admin("SELECT 1");
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    public boolean isPostgresql() {
        return name != null;
    }

    /** The JDBC URL of the PostgreSQL database. */
    public String jdbcUrl() {
        if (name == null) {
            throw new IllegalStateException(
                    "The embedded store has no URL of its own: the server finds it in its data dir");
        }
        return SERVER_URL + name;
    }

    /** Copies the database aside, as a backup would; the server must be stopped. */
    public void backUp(Path dataDir) throws IOException {
        if (name == null) {
            copyFiles(dataDir, backupOf(dataDir));
        } else {
            admin("DROP DATABASE IF EXISTS " + name + "_backup");
            admin("CREATE DATABASE " + name + "_backup TEMPLATE " + name);
        }
    }

    /** Replaces the database with the last backup; the server must be stopped. */
    public void restore(Path dataDir) throws IOException {
        if (name == null) {
            copyFiles(backupOf(dataDir), dataDir);
        } else {
            admin("DROP DATABASE " + name + " WITH (FORCE)");
            admin("CREATE DATABASE " + name + " TEMPLATE " + name + "_backup");
        }
    }

    /** Replaces the PostgreSQL database by an empty one, as a wrong URL or a lost volume would; server stopped. */
    public void replaceWithEmpty() {
        if (name == null) {
            throw new IllegalStateException("The embedded store is a file in the server's data directory");
        }
        admin("DROP DATABASE " + name + " WITH (FORCE)");
        admin("CREATE DATABASE " + name);
    }

    /** Drops the PostgreSQL database and its backup; the embedded store goes with the server's data directory. */
    @Override
    public void close() {
        if (name != null) {
            admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            admin("DROP DATABASE IF EXISTS " + name + "_backup");
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

    private static void admin(String sql) {
        // The driver itself, not DriverManager: which drivers it sees depends on the calling class loader.
        Properties credentials = new Properties();
        credentials.setProperty("user", USER);
        credentials.setProperty("connectTimeout", "5");
        try (Connection connection = new org.postgresql.Driver().connect(SERVER_URL + "postgres", credentials);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL on 127.0.0.1:5432 is needed for this run: " + e.getMessage(),
                    e);
        }
    }
}

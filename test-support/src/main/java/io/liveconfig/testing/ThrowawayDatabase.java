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
 * The database a server runs on for one test or benchmark: its embedded SQLite file (nothing to set up), a uniquely
 * named PostgreSQL database on 127.0.0.1:5432 (user {@value #USER}, trust authentication) that {@link #close()} drops,
 * or a PostgreSQL database the caller runs elsewhere.
 */
public final class ThrowawayDatabase implements AutoCloseable {

    /**
     * The property that names the database, {@code -Dtesting.database=postgresql}, the embedded store otherwise. Not
     * under {@code liveconfig.}, whose unknown settings the server refuses.
     */
    public static final String BUILD_PROPERTY = "testing.database";
    public static final String USER = "postgres";

    private static final String SERVER_URL = "jdbc:postgresql://127.0.0.1:5432/";

    /** The name of the PostgreSQL database this object created on 127.0.0.1:5432; {@code null} otherwise. */
    private final String name;
    /** The PostgreSQL database's JDBC URL; {@code null} for the embedded store. */
    private final String url;

    private ThrowawayDatabase(String name, String url) {
        this.name = name;
        this.url = url;
    }

    /** The server's own embedded store, a file in its data directory. */
    public static ThrowawayDatabase embedded() {
        return new ThrowawayDatabase(null, null);
    }

    /** Creates a fresh PostgreSQL database. */
    public static ThrowawayDatabase postgresql() {
        String name = "liveconfig_throwaway_" + UUID.randomUUID().toString().replace("-", "");
        admin("CREATE DATABASE " + name);
        return new ThrowawayDatabase(name, SERVER_URL + name);
    }

    /**
     * A PostgreSQL database that the caller runs and owns, such as a private cluster (user {@value #USER}, trust
     * authentication): {@link #close()} leaves it, and it has no backups.
     */
    public static ThrowawayDatabase at(String jdbcUrl) {
        return new ThrowawayDatabase(null, jdbcUrl);
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
        return url != null;
    }

    /** The JDBC URL of the PostgreSQL database. */
    public String jdbcUrl() {
        if (url == null) {
            throw new IllegalStateException(
                    "The embedded store has no URL of its own: the server finds it in its data dir");
        }
        return url;
    }

    /** Copies the database aside, as a backup would; the server must be stopped. */
    public void backUp(Path dataDir) throws IOException {
        requireBackups();
        if (name == null) {
            copyFiles(dataDir, backupOf(dataDir));
        } else {
            admin("DROP DATABASE IF EXISTS " + name + "_backup");
            admin("CREATE DATABASE " + name + "_backup TEMPLATE " + name);
        }
    }

    /** Replaces the database with the last backup; the server must be stopped. */
    public void restore(Path dataDir) throws IOException {
        requireBackups();
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
            throw new IllegalStateException("Only a database this object created on 127.0.0.1:5432 is replaced");
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

    private void requireBackups() {
        if (name == null && url != null) {
            throw new IllegalStateException("No backups of a database the caller owns: " + url);
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

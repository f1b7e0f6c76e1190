package io.liveconfig.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * The database a benchmark server runs on: its embedded H2 file (the default, nothing to set up), or a throwaway
 * PostgreSQL database on 127.0.0.1:5432 (user postgres, trust authentication) that {@link #close()} drops.
 *
 * @param label how the tables name it
 * @param postgresqlDatabase the PostgreSQL database's name; {@code null} for H2
 */
public record Database(String label, String postgresqlDatabase) implements AutoCloseable {

    private static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
    private static final String USER = "postgres";

    public static Database h2() {
        return new Database("H2 file", null);
    }

    /** Creates a fresh PostgreSQL database. */
    public static Database postgresql() {
        String name = "liveconfig_bench_" + UUID.randomUUID().toString().replace("-", "");
        admin("CREATE DATABASE " + name);
        return new Database("PostgreSQL", name);
    }

    /** Whether PostgreSQL answers on 127.0.0.1:5432, so the PostgreSQL rows can run. */
    public static boolean postgresqlAvailable() {
        try {
            admin("SELECT 1");
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
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

    @Override
    public void close() {
        if (postgresqlDatabase != null) {
            admin("DROP DATABASE IF EXISTS " + postgresqlDatabase + " WITH (FORCE)");
        }
    }

    private static void admin(String sql) {
        // The driver itself, not DriverManager: no dependence on which drivers the class loader registered.
        Properties credentials = new Properties();
        credentials.setProperty("user", USER);
        credentials.setProperty("connectTimeout", "5");
        try (Connection connection = new org.postgresql.Driver().connect(ADMIN_URL, credentials);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL on 127.0.0.1:5432: " + e.getMessage(), e);
        }
    }
}

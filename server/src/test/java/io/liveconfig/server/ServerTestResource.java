package io.liveconfig.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives the one server booted for all tests its own cluster name, member port and database: a fresh H2 file by default,
 * a fresh PostgreSQL database (on 127.0.0.1:5432) with {@code -Dliveconfig.test.database=postgresql}.
 */
public class ServerTestResource implements QuarkusTestResourceLifecycleManager {

    static final String POSTGRESQL_ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
    static final String POSTGRESQL_USER = "postgres";

    private String database;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        config.put("liveconfig.cluster.name", "server-test-" + UUID.randomUUID());
        config.put("liveconfig.cluster.port", Integer.toString(freePort()));
        try {
            config.put("liveconfig.data-dir", Files.createTempDirectory("liveconfig-server-test").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if ("postgresql".equals(System.getProperty("liveconfig.test.database"))) {
            database = "liveconfig_test_" + UUID.randomUUID().toString().replace("-", "");
            admin("CREATE DATABASE " + database);
            config.put("quarkus.datasource.h2.active", "false");
            config.put("quarkus.datasource.postgresql.active", "true");
            config.put("quarkus.datasource.postgresql.jdbc.url", "jdbc:postgresql://127.0.0.1:5432/" + database);
            config.put("quarkus.datasource.postgresql.username", POSTGRESQL_USER);
        }
        return config;
    }

    @Override
    public void stop() {
        if (database != null) {
            admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    private static void admin(String sql) {
        // The driver itself, not DriverManager: which drivers it sees depends on the calling class loader.
        Properties credentials = new Properties();
        credentials.setProperty("user", POSTGRESQL_USER);
        try (Connection connection = new org.postgresql.Driver().connect(POSTGRESQL_ADMIN_URL, credentials);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL on 127.0.0.1:5432 is needed for this run: " + e.getMessage(),
                    e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

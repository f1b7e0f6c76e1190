package io.liveconfig.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.liveconfig.testing.ServerProcess;
import io.liveconfig.testing.ThrowawayDatabase;

/**
 * How many syncs to stable storage a store has made, read before and after a benchmark cell. The embedded store counts
 * its own (readiness check {@code liveconfig-store}: commits and WAL syncs); PostgreSQL counts WAL syncs in
 * {@code pg_stat_wal} (the whole PostgreSQL cluster, so other databases' work is included; statistics are flushed about
 * once a second, so read them after the cell has settled).
 */
interface Syncs {

    /** Syncs made so far. */
    long syncs();

    static Syncs embedded(ServerProcess server) {
        Pattern syncs = Pattern.compile("\"syncs\":\\s*(\\d+)");
        return () -> {
            String health = Rest.expect(server, 200, "GET", "/q/health/ready", null).body();
            Matcher found = syncs.matcher(health);
            return found.find() ? Long.parseLong(found.group(1)) : -1;
        };
    }

    static Syncs postgresql(ThrowawayDatabase database) {
        return () -> {
            try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), ThrowawayDatabase.USER, "");
                    Statement statement = connection.createStatement();
                    ResultSet row = statement.executeQuery("SELECT wal_sync FROM pg_stat_wal")) {
                return row.next() ? row.getLong(1) : -1;
            } catch (SQLException e) {
                return -1;
            }
        };
    }

    static Syncs none() {
        return () -> -1;
    }
}

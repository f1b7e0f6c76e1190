package io.liveconfig.server;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.liveconfig.testing.FreePorts;
import io.liveconfig.testing.TempDirectories;
import io.liveconfig.testing.ThrowawayDatabase;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives the one server booted for all tests its own cluster name, client and member ports and database: a fresh
 * embedded store by default, a fresh PostgreSQL database (on 127.0.0.1:5432) with
 * {@code -Dtesting.database=postgresql}.
 */
public class ServerTestResource implements QuarkusTestResourceLifecycleManager {

    private ThrowawayDatabase database;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        config.put("liveconfig.cluster.name", "server-test-" + UUID.randomUUID());
        int clientPort = FreePorts.next();
        int memberPort = FreePorts.next();
        while (memberPort == clientPort) {
            memberPort = FreePorts.next();
        }
        config.put("liveconfig.cluster.port", Integer.toString(clientPort));
        config.put("liveconfig.cluster.member.port", Integer.toString(memberPort));
        config.put("liveconfig.data-dir", TempDirectories.create("liveconfig-server-test").toString());
        database = ThrowawayDatabase.fromBuild();
        if (database.isPostgresql()) {
            config.put("quarkus.datasource.sqlite.active", "false");
            config.put("quarkus.datasource.postgresql.active", "true");
            config.put("quarkus.datasource.postgresql.jdbc.url", database.jdbcUrl());
            config.put("quarkus.datasource.postgresql.username", ThrowawayDatabase.USER);
        }
        return config;
    }

    @Override
    public void stop() {
        database.close();
    }
}

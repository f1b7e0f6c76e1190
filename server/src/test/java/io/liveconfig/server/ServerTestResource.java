package io.liveconfig.server;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.liveconfig.testing.FreePorts;
import io.liveconfig.testing.TempDirectories;
import io.liveconfig.testing.TestTokens;
import io.liveconfig.testing.ThrowawayDatabase;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * Gives the one server booted for all tests its own cluster name, client and member ports and database: a fresh
 * embedded store by default, a fresh PostgreSQL database (on 127.0.0.1:5432) with
 * {@code -Dtesting.database=postgresql}.
 */
public class ServerTestResource implements QuarkusTestResourceLifecycleManager {

    /** Quarkus' test OIDC server: discovery, JWKS and a token endpoint over HTTP on loopback. */
    static final String OIDC_ADMIN_ROLES = "admin";
    static final String OIDC_USER_ROLES = "reader:oidc-*,writer:oidc-written,offline_access";

    private ThrowawayDatabase database;
    private OidcWiremockTestResource oidc;

    @Override
    public Map<String, String> start() {
        // As ServerMain does before Quarkus starts; a @QuarkusTest does not run the main.
        ServerMain.checkedByUs();
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
        config.put("liveconfig.api.admin-token", TestTokens.ADMIN);
        Api.authenticateAsAdminByDefault();
        // The token endpoint's password grant gives alice the admin roles and bob the user roles, in "groups".
        System.setProperty("quarkus.test.oidc.token.admin-roles", OIDC_ADMIN_ROLES);
        System.setProperty("quarkus.test.oidc.token.user-roles", OIDC_USER_ROLES);
        oidc = new OidcWiremockTestResource();
        Map<String, String> oidcServer = oidc.start();
        config.putAll(oidcServer);
        config.put("quarkus.oidc.auth-server-url", oidcServer.get("keycloak.url") + "/realms/quarkus");
        config.put("quarkus.oidc.token.issuer", "https://server.example.com");
        config.put("quarkus.oidc.tenant-enabled", "true");
        config.put("quarkus.oidc.client-id", "quarkus-service-app");
        config.put("quarkus.oidc.credentials.secret", "secret");
        config.put("quarkus.oidc.roles.role-claim-path", "groups");
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
        oidc.stop();
        database.close();
    }
}

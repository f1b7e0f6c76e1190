package io.liveconfig.server.store;

import jakarta.enterprise.context.ApplicationScoped;

import io.agroal.api.AgroalDataSource;
import io.liveconfig.server.core.ServerMessages;
import io.quarkus.agroal.DataSource;
import io.quarkus.arc.InjectableInstance;

/**
 * The datasource that holds the authoritative copy: PostgreSQL when it is configured and active, else the embedded H2
 * file database. Both are declared at build time ({@code db-kind} cannot change later); which one serves is run-time
 * configuration, so one server build runs on either.
 */
@ApplicationScoped
public class Database {

    public static final String H2 = "h2";
    public static final String POSTGRESQL = "postgresql";

    private final AgroalDataSource dataSource;
    private final String name;

    // Instances, not the datasources: injecting an inactive datasource fails start-up.
    Database(@DataSource(POSTGRESQL) InjectableInstance<AgroalDataSource> postgresql,
            @DataSource(H2) InjectableInstance<AgroalDataSource> h2) {
        if (postgresql.getHandle().getBean().isActive()) {
            this.dataSource = postgresql.get();
            this.name = POSTGRESQL;
        } else if (h2.getHandle().getBean().isActive()) {
            this.dataSource = h2.get();
            this.name = H2;
        } else {
            throw ServerMessages.MESSAGES.noDatabase();
        }
    }

    public javax.sql.DataSource dataSource() {
        return dataSource;
    }

    /** {@value #H2} or {@value #POSTGRESQL}. */
    public String name() {
        return name;
    }
}

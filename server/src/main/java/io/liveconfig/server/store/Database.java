package io.liveconfig.server.store;

import jakarta.enterprise.context.ApplicationScoped;

import io.agroal.api.AgroalDataSource;
import io.liveconfig.server.core.ServerMessages;
import io.quarkus.agroal.DataSource;
import io.quarkus.arc.InjectableInstance;

/**
 * The datasource that holds the authoritative copy: PostgreSQL when it is configured and active, else the embedded
 * SQLite file in the data directory. Both are declared at build time ({@code db-kind} cannot change later); which one
 * serves is run-time configuration, so one server build runs on either.
 */
@ApplicationScoped
public class Database {

    public static final String EMBEDDED = "sqlite";
    public static final String POSTGRESQL = "postgresql";

    private final AgroalDataSource dataSource;
    private final String name;

    // Instances, not the datasources: injecting an inactive datasource fails start-up.
    Database(@DataSource(POSTGRESQL) InjectableInstance<AgroalDataSource> postgresql,
            @DataSource(EMBEDDED) InjectableInstance<AgroalDataSource> embedded) {
        if (postgresql.getHandle().getBean().isActive()) {
            this.dataSource = postgresql.get();
            this.name = POSTGRESQL;
        } else if (embedded.getHandle().getBean().isActive()) {
            this.dataSource = embedded.get();
            this.name = EMBEDDED;
        } else {
            throw ServerMessages.MESSAGES.noDatabase();
        }
    }

    public javax.sql.DataSource dataSource() {
        return dataSource;
    }

    /** {@value #EMBEDDED} or {@value #POSTGRESQL}; also the name of its datasource and of its migrations' folder. */
    public String name() {
        return name;
    }

    /** Whether this is the embedded store, whose commits {@link WalSync} makes durable. */
    public boolean isEmbedded() {
        return EMBEDDED.equals(name);
    }
}

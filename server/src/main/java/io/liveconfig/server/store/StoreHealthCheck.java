package io.liveconfig.server.store;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready unless the embedded store can no longer make writes durable (a failed sync). Shows the store, and for the
 * embedded one how many commits and syncs it made: their ratio is the group commit's effect.
 */
@Readiness
public class StoreHealthCheck implements HealthCheck {

    private final Database database;
    private final WalSync walSync;

    StoreHealthCheck(Database database, WalSync walSync) {
        this.database = database;
        this.walSync = walSync;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("liveconfig-store")
                .withData("store", database.name());
        if (!database.isEmbedded()) {
            return response.up().build();
        }
        return response.status(walSync.healthy()).withData("commits", walSync.commits())
                .withData("syncs", walSync.syncs()).build();
    }
}

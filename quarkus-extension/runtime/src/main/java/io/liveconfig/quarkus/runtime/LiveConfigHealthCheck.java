package io.liveconfig.quarkus.runtime;

import java.time.Duration;
import java.time.Instant;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.liveconfig.source.LiveConfigSource;

/**
 * Reports where the app's live values come from. Always up: an app serving its last-known-good values is working as
 * designed; the data says whether they may be stale ({@code stale}, {@code connected}, {@code savedCopyAgeSeconds}) and
 * which revision of each namespace is applied.
 */
@Readiness
public class LiveConfigHealthCheck implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("liveconfig").up();
        for (ConfigSource source : ConfigProvider.getConfig().getConfigSources()) {
            if (source instanceof LiveConfigSource live) {
                LiveConfigSource.Status status = live.status();
                response.withData("connected", status.connected());
                response.withData("stale", status.stale());
                response.withData("resyncCatchUps", status.resyncCatchUps());
                response.withData("untrustedPublications", status.untrustedPublications());
                status.savedCopySince().ifPresent(since -> response.withData("savedCopyAgeSeconds",
                        Duration.between(since, Instant.now()).toSeconds()));
                status.revisions().forEach((namespace, revision) -> response.withData("revision." + namespace,
                        revision));
            }
        }
        return response.build();
    }
}

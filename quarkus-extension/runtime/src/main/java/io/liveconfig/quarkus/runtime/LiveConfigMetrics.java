package io.liveconfig.quarkus.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.function.ToDoubleFunction;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.spi.ConfigSource;

import io.liveconfig.source.LiveConfigSource;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The source's state as Micrometer meters, in apps that have Micrometer (registered by the deployment processor only
 * then). Each meter reads the source's status when scraped: nothing is counted twice, nothing runs on the read path.
 */
public class LiveConfigMetrics implements MeterBinder {

    @Override
    public void bindTo(MeterRegistry registry) {
        for (ConfigSource source : ConfigProvider.getConfig().getConfigSources()) {
            if (source instanceof LiveConfigSource live) {
                bind(registry, live);
            }
        }
    }

    private static void bind(MeterRegistry registry, LiveConfigSource source) {
        for (String namespace : source.namespaces()) {
            gauge(registry, "liveconfig.revision", "The revision of the namespace the app applied (0: none yet)",
                    source, live -> live.status().revisions().getOrDefault(namespace, 0L), namespace);
            gauge(registry, "liveconfig.epoch", "The history epoch of the applied revision (a new one after a restore)",
                    source, live -> live.status().epochs().getOrDefault(namespace, 0L), namespace);
        }
        Gauge.builder("liveconfig.last.contact.age", source, LiveConfigMetrics::secondsOffline)
                .description("Seconds since the app last reached the cluster; 0 while connected")
                .baseUnit("seconds")
                .register(registry);
        counter(registry, "liveconfig.resync.catchups", "Re-reads that found changes events had missed", source,
                live -> live.status().resyncCatchUps());
        counter(registry, "liveconfig.revisions.rejected",
                "Revisions refused because a value did not convert to the type the app injects", source,
                live -> live.status().rejectedRevisions());
        counter(registry, "liveconfig.publications.untrusted", "Publications refused for their signature", source,
                live -> live.status().untrustedPublications());
        FunctionCounter.builder("liveconfig.change.events", source, live -> live.status().changeEventsDelivered())
                .description("Change events delivered to the app's listeners and observers, by outcome")
                .tag("outcome", "delivered")
                .register(registry);
        FunctionCounter.builder("liveconfig.change.events", source, live -> live.status().changeEventsFailed())
                .description("Change events delivered to the app's listeners and observers, by outcome")
                .tag("outcome", "failed")
                .register(registry);
    }

    private static double secondsOffline(LiveConfigSource source) {
        return source.status().offlineSince()
                .map(since -> Duration.between(since, Instant.now()).toMillis() / 1000.0)
                .orElse(0.0);
    }

    private static void gauge(MeterRegistry registry, String name, String description, LiveConfigSource source,
            ToDoubleFunction<LiveConfigSource> value, String namespace) {
        Gauge.builder(name, source, value).description(description).tag("namespace", namespace).register(registry);
    }

    private static void counter(MeterRegistry registry, String name, String description, LiveConfigSource source,
            ToDoubleFunction<LiveConfigSource> value) {
        FunctionCounter.builder(name, source, value).description(description).register(registry);
    }
}

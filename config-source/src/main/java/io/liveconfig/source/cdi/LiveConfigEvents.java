package io.liveconfig.source.cdi;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.spi.ConfigSource;

import io.liveconfig.source.ConfigChange;
import io.liveconfig.source.LiveConfigSource;

/**
 * Turns the changes of every LiveConfig source of the application's configuration into CDI events: one
 * {@link ConfigChange} per applied snapshot (qualified {@link Namespace @Namespace}), then one
 * {@link ConfigChange.KeyChange} per changed key (qualified {@link Key @Key}).
 * <p>
 * Events are fired on the source's own thread after the new values are readable, never on Hazelcast's; an observer that
 * throws is logged and cannot stop updates.
 */
@ApplicationScoped
public class LiveConfigEvents {

    @Inject
    Event<ConfigChange> changes;

    @Inject
    Event<ConfigChange.KeyChange> keyChanges;

    private final Set<LiveConfigSource> sources = ConcurrentHashMap.newKeySet();

    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        listenTo(ConfigProvider.getConfig());
    }

    /**
     * Fires events for the LiveConfig sources of a configuration; sources already followed are skipped. Runtimes whose
     * configuration is complete only after the application scope starts (Quarkus) call it again then.
     */
    public void listenTo(Config config) {
        for (ConfigSource source : config.getConfigSources()) {
            if (source instanceof LiveConfigSource live && sources.add(live)) {
                live.addListener(this::fire);
                EventsLogging.LOG.debugf("Firing CDI events for %s", live.getName());
            }
        }
    }

    private void fire(ConfigChange change) {
        try {
            changes.select(new Namespace.Literal(change.namespace())).fire(change);
        } catch (RuntimeException e) {
            EventsLogging.LOG.namespaceObserverFailed(e, change.namespace());
        }
        for (ConfigChange.KeyChange key : change.changes()) {
            try {
                keyChanges.select(new Key.Literal(key.key())).fire(key);
            } catch (RuntimeException e) {
                EventsLogging.LOG.keyObserverFailed(e, key.key());
            }
        }
    }
}

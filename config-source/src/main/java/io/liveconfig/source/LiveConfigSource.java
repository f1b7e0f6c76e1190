package io.liveconfig.source;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.config.spi.ConfigSource;
import org.jboss.logging.Logger;

import io.liveconfig.snapshot.Snapshot;
import io.liveconfig.snapshot.SnapshotCodec;
import io.liveconfig.snapshot.SnapshotFormatException;

/**
 * A MicroProfile {@link ConfigSource} whose values are the published snapshots of one or more LiveConfig namespaces.
 * <p>
 * Reads ({@link #getValue}, {@link #getPropertyNames}) only look into an immutable in-memory map that is swapped whole
 * when a newer snapshot arrives: no network, no lock, no allocation. A snapshot whose revision is not above the one
 * held is ignored, so readers never go backwards. When namespaces are listed, the first listed wins for a key that
 * several define.
 */
public final class LiveConfigSource implements ConfigSource, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LiveConfigSource.class);

    /**
     * What a reader sees: the snapshots held and the merged view of their entries, both immutable, replaced together.
     */
    private record State(Map<String, Snapshot> snapshots, Map<String, String> values) {
    }

    private final List<String> namespaces;
    private final int ordinal;
    private final String name;
    private final SnapshotGateway gateway;
    private final ScheduledExecutorService resync;
    private volatile State state = new State(Map.of(), Map.of());

    /**
     * Connects to the cluster named in the settings and returns a source holding the namespaces' current snapshots. The
     * source owns the connection: {@link #close()} it when the application stops.
     *
     * @throws IllegalStateException if the cluster could not be reached within the connect timeout
     */
    public static LiveConfigSource connect(LiveConfigSettings settings) {
        return new LiveConfigSource(settings, HazelcastSnapshotGateway.connect(settings));
    }

    /**
     * Builds the source, subscribes to changes, then reads the current snapshots, in that order so that no change falls
     * between the read and the subscription.
     */
    LiveConfigSource(LiveConfigSettings settings, SnapshotGateway gateway) {
        this.namespaces = settings.namespaces();
        this.ordinal = settings.ordinal();
        this.name = "LiveConfig" + namespaces;
        this.gateway = gateway;
        gateway.listen(new SnapshotGateway.Listener() {
            @Override
            public void published(String namespace, String encodedSnapshot) {
                applyEncoded(namespace, encodedSnapshot);
            }

            @Override
            public void mayHaveMissedEvents() {
                scheduleResync();
            }
        });
        this.resync = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "liveconfig-resync");
            thread.setDaemon(true);
            return thread;
        });
        resyncNow();
        long every = settings.resyncInterval().toMillis();
        resync.scheduleWithFixedDelay(this::resyncNow, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public String getValue(String propertyName) {
        return state.values.get(propertyName);
    }

    @Override
    public Set<String> getPropertyNames() {
        return state.values.keySet();
    }

    @Override
    public Map<String, String> getProperties() {
        return state.values;
    }

    @Override
    public int getOrdinal() {
        return ordinal;
    }

    @Override
    public String getName() {
        return name;
    }

    /** The namespaces this source reads, highest precedence first. */
    public List<String> namespaces() {
        return namespaces;
    }

    /**
     * The snapshot held for a namespace: every value of it at one revision, for readers that need several keys to be
     * consistent with each other.
     */
    public Optional<Snapshot> snapshot(String namespace) {
        return Optional.ofNullable(state.snapshots.get(namespace));
    }

    /**
     * Applies a snapshot if it belongs to one of this source's namespaces and is newer than the one held.
     *
     * @return whether it was applied
     */
    synchronized boolean apply(Snapshot snapshot) {
        if (!namespaces.contains(snapshot.namespace())) {
            return false;
        }
        Snapshot held = state.snapshots.get(snapshot.namespace());
        if (held != null && snapshot.revision() <= held.revision()) {
            LOG.debugf("Ignoring namespace '%s' revision %d: holding revision %d", snapshot.namespace(),
                    snapshot.revision(), held.revision());
            return false;
        }
        Map<String, Snapshot> snapshots = new HashMap<>(state.snapshots);
        snapshots.put(snapshot.namespace(), snapshot);
        state = new State(Map.copyOf(snapshots), Map.copyOf(merge(snapshots)));
        LOG.debugf("Applied namespace '%s' revision %d (%d keys)", snapshot.namespace(), snapshot.revision(),
                snapshot.entries().size());
        return true;
    }

    /** Re-reads every namespace from the cluster; heals missed events. Never throws. */
    void resyncNow() {
        for (String namespace : namespaces) {
            try {
                gateway.fetch(namespace).ifPresent(encoded -> applyEncoded(namespace, encoded));
            } catch (RuntimeException e) {
                LOG.warnf("LIVECONFIG-0101 Could not re-read namespace '%s' from the cluster, keeping revision %s: %s",
                        namespace, snapshot(namespace).map(Snapshot::revision).orElse(null), e.toString());
            }
        }
    }

    private void scheduleResync() {
        try {
            resync.execute(this::resyncNow);
        } catch (RuntimeException e) {
            LOG.debug("Resync not scheduled, the source is closed", e);
        }
    }

    private void applyEncoded(String namespace, String encoded) {
        if (!namespaces.contains(namespace)) {
            return;
        }
        try {
            Snapshot snapshot = SnapshotCodec.decode(encoded);
            if (!snapshot.namespace().equals(namespace)) {
                throw new SnapshotFormatException(
                        "Snapshot for namespace '" + snapshot.namespace() + "' published under '" + namespace + "'");
            }
            apply(snapshot);
        } catch (SnapshotFormatException e) {
            LOG.errorf("LIVECONFIG-0102 Rejected a published value of namespace '%s', keeping the values held: %s",
                    namespace, e.getMessage());
        }
    }

    /** Entries of all namespaces, the first listed namespace winning. */
    private Map<String, String> merge(Map<String, Snapshot> snapshots) {
        Map<String, String> values = new HashMap<>();
        for (int i = namespaces.size() - 1; i >= 0; i--) {
            Snapshot snapshot = snapshots.get(namespaces.get(i));
            if (snapshot != null) {
                values.putAll(snapshot.entries());
            }
        }
        return values;
    }

    /** Stops listening and closes the cluster connection; the values held stay readable. */
    @Override
    public void close() {
        resync.shutdownNow();
        gateway.close();
    }
}

package io.liveconfig.source;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.liveconfig.protocol.FixedKeys;
import io.liveconfig.protocol.Seal;
import io.liveconfig.protocol.Snapshot;
import io.liveconfig.protocol.TrustedKeys;
import io.liveconfig.protocol.Version;

/**
 * A MicroProfile {@link ConfigSource} whose values are the published snapshots of one or more LiveConfig namespaces.
 * <p>
 * Reads ({@link #getValue}, {@link #getPropertyNames}) only look into an immutable in-memory map that is swapped whole
 * when a newer snapshot arrives: no network, no lock, no allocation. A snapshot whose revision is not above the one
 * held is ignored, so readers never go backwards, unless the server raised the namespace's epoch to say that its
 * history was restored (see {@link Snapshot#supersedes}). When namespaces are listed, the first listed wins for a key
 * that several define.
 * <p>
 * Everything else happens on the source's own threads, never on Hazelcast's: saving the last-known-good copy, telling
 * listeners, and re-reading the cluster after a reconnect or on a timer, which heals lost events. This class only wires
 * the parts: a published change goes to the {@link ChangeFollower}, which applies it to the {@link HeldSnapshots}
 * (checked by the {@link ValueChecks}), which hand it to the {@link ChangeNotifier} and the {@link InstanceReporter}.
 */
public final class LiveConfigSource implements ConfigSource, AutoCloseable {

    private static final SourceLogging LOG = SourceLogging.of(LiveConfigSource.class);

    /**
     * Where the values being served come from.
     *
     * @param connected whether the cluster can be reached now
     * @param revisions the revision held per namespace
     * @param savedCopySince when some values are saved copies the cluster has not confirmed yet: the oldest save time;
     * empty once the cluster delivered every namespace
     * @param resyncCatchUps how often a re-read of the cluster found a newer snapshot than change events had delivered
     * (after a gap in the changes, a reconnect, or on the timer): each one healed missed events
     * @param untrustedPublications how many publications the server did not sign were refused: someone other than the
     * server writes to the cluster's maps
     */
    /**
     * What the source holds and has done since it started.
     *
     * @param connected whether the cluster is reachable now
     * @param revisions the applied revision of each namespace
     * @param epochs the epoch of each namespace's applied revision (a new one after the server restored a backup)
     * @param savedCopySince since when values come from saved copies, if they do
     * @param resyncCatchUps re-reads that found changes events had missed
     * @param untrustedPublications publications refused for their signature
     * @param offlineSince since when the cluster has been unreachable, if it is
     * @param rejectedRevisions revisions refused because a value did not convert to the type the app injects
     * @param changeEventsDelivered calls of change listeners that returned
     * @param changeEventsFailed calls of change listeners that threw
     */
    public record Status(boolean connected, Map<String, Long> revisions, Map<String, Long> epochs,
            Optional<Instant> savedCopySince, long resyncCatchUps, long untrustedPublications,
            Optional<Instant> offlineSince, long rejectedRevisions, long changeEventsDelivered,
            long changeEventsFailed) {

        /** Whether the app may be serving outdated values. */
        public boolean stale() {
            return !connected || savedCopySince.isPresent();
        }
    }

    private final List<String> namespaces;
    private final int ordinal;
    private final String name;
    private final SnapshotGateway gateway;
    private final TrustedKeys trust;
    private final SavedCopies saves;
    /** Re-reads the cluster and sends the instance reports, on a timer and after reconnects. */
    private final ScheduledExecutorService resyncer = SourceThreads.scheduled("liveconfig-resync");
    private final InstanceReporter reporter;
    private final ValueChecks checks;
    private final ChangeNotifier notifier;
    private final HeldSnapshots held;
    private final ChangeFollower follower;
    /** What the app said it applies only when it restarts; {@code null} until it says. */
    private volatile FixedKeys fixed;

    /**
     * Connects to the cluster named in the settings and returns a source holding the namespaces' current snapshots or,
     * when the cluster cannot be reached and the settings allow it, their last-known-good copies. The source owns the
     * connection: {@link #close()} it when the application stops.
     *
     * @throws IllegalStateException if the cluster could not be reached and the start-up policy is to fail
     */
    public static LiveConfigSource connect(LiveConfigSettings settings) {
        SnapshotFiles files = new SnapshotFiles(settings.snapshotDirectory());
        // With a saved copy of every namespace to serve, start-up need not wait the whole connect timeout.
        Duration wait = settings.startupWait(settings.namespaces().stream().allMatch(files::hasCopy));
        return new LiveConfigSource(settings, HazelcastSnapshotGateway.connect(settings, wait), files);
    }

    /**
     * A source fed by another gateway than a Hazelcast client, such as an in-process one for tests and benchmarks. The
     * source owns the gateway and closes it.
     */
    public static LiveConfigSource connect(LiveConfigSettings settings, SnapshotGateway gateway) {
        return new LiveConfigSource(settings, gateway, new SnapshotFiles(settings.snapshotDirectory()));
    }

    /**
     * Builds the source: loads the saved copies, subscribes to changes, then reads the current snapshots, in that order
     * so that no change falls between the read and the subscription.
     */
    LiveConfigSource(LiveConfigSettings settings, SnapshotGateway gateway, SnapshotFiles files) {
        this.namespaces = settings.namespaces();
        this.ordinal = settings.ordinal();
        this.name = "LiveConfig" + namespaces;
        this.gateway = gateway;
        this.trust = settings.trust();
        if (trust.isInsecure()) {
            LOG.insecureTrust();
        }
        this.reporter = new InstanceReporter(gateway, settings.appName(), resyncer, this::heldSnapshots,
                this::heldSeals, trust.keyIds(), this::rejections, this::fixedKeys);
        this.checks = new ValueChecks(reporter::reportNow, reporter::reportSoon);
        this.notifier = new ChangeNotifier();
        this.saves = new SavedCopies(files, gateway, trust, this::liveSnapshot);
        this.held = new HeldSnapshots(namespaces, checks, notifier, saves, reporter::reportSoon);
        this.follower = new ChangeFollower(namespaces, gateway, trust, held, checks, reporter, resyncer);
        // Saved copies first: they serve until the cluster delivers, even when it is reachable but not yet filled.
        loadSavedCopies();
        gateway.listen(follower);
        if (gateway.isConnected()) {
            follower.resyncNow();
        }
        follower.resyncEvery(settings.resyncInterval());
        reporter.start();
    }

    @Override
    public String getValue(String propertyName) {
        return held.values().get(propertyName);
    }

    @Override
    public Set<String> getPropertyNames() {
        return held.values().keySet();
    }

    @Override
    public Map<String, String> getProperties() {
        return held.values();
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
        return held.snapshot(namespace);
    }

    public Status status() {
        Map<String, Long> revisions = new HashMap<>();
        Map<String, Long> epochs = new HashMap<>();
        held.snapshots().forEach((namespace, snapshot) -> {
            revisions.put(namespace, snapshot.revision());
            epochs.put(namespace, snapshot.epoch());
        });
        return new Status(gateway.isConnected(), Map.copyOf(revisions), Map.copyOf(epochs), held.savedCopySince(),
                follower.catchUps(), checks.untrustedCount(), gateway.offlineSince(), checks.rejectedCount(),
                notifier.delivered(), notifier.failed());
    }

    /**
     * Calls the listener after each applied snapshot that changed values, on the source's thread, in revision order. A
     * listener that throws is logged and does not affect others or the values; a slow one delays only later
     * notifications, never the values themselves.
     */
    public void addListener(Consumer<ConfigChange> listener) {
        notifier.addListener(listener);
    }

    public void removeListener(Consumer<ConfigChange> listener) {
        notifier.removeListener(listener);
    }

    /**
     * Refuses, from now on, any snapshot in which the key gets a new value that the check throws on, such as a
     * conversion to the type the app injects it as: the app keeps every value of that namespace as held (its last known
     * good revision), logs and reports the rejection to the server, and applies the next snapshot that passes. Values
     * holding expressions ({@code ${...}}, e.g. sealed secrets) are not checked, as they resolve later.
     */
    public void addValueCheck(String key, Consumer<String> check) {
        checks.add(key, check);
    }

    /** The last published values this source refused, newest last, as messages. */
    public List<String> rejections() {
        return checks.rejections();
    }

    /**
     * Tells the server, through the instance report, which keys the app reads once and keeps until it restarts (plain
     * injected fields, {@code Optional}, config mappings), as of the revisions held now: the server then lists, per
     * instance, the changes since that wait for a restart. Call it at start-up, when the app takes those values; every
     * other key counts as live. A later call replaces what an earlier one said.
     *
     * @param keys the property names read once
     * @param prefixes the prefixes under which every key is read once (a config mapping's), the empty one for all
     */
    public void reportFixedKeys(Collection<String> keys, Collection<String> prefixes) {
        Map<String, Snapshot> snapshots = held.snapshots();
        Map<String, Version> since = new HashMap<>();
        for (String namespace : namespaces) {
            Snapshot snapshot = snapshots.get(namespace);
            since.put(namespace, snapshot == null ? new Version(0, 0) : snapshot.version());
        }
        fixed = FixedKeys.of(keys, prefixes, since);
        reporter.reportSoon();
    }

    /** Re-reads every namespace from the cluster now; never throws. */
    void resyncNow() {
        follower.resyncNow();
    }

    /** For the reporter, which is built before the snapshots' holder and reads them only when it reports. */
    private Map<String, Snapshot> heldSnapshots() {
        return held.snapshots();
    }

    /** For the saved copies, which are built before the snapshots' holder too. */
    private Snapshot liveSnapshot(String namespace) {
        return held.live(namespace);
    }

    private FixedKeys fixedKeys() {
        return fixed;
    }

    private Map<String, Seal> heldSeals() {
        return held.seals();
    }

    /**
     * The last-known-good copies that the trusted keys signed, which serve until the cluster delivers each namespace.
     */
    private void loadSavedCopies() {
        for (String namespace : namespaces) {
            saves.files().load(namespace, trust).ifPresent(held::applySaved);
        }
        if (!gateway.isConnected()) {
            LOG.startingFromSavedCopies(saves.files().directory(), status().revisions());
        }
    }

    /** Stops listening and closes the cluster connection; the values held stay readable. */
    @Override
    public void close() {
        resyncer.shutdownNow();
        reporter.withdraw();
        notifier.close();
        saves.close();
        gateway.close();
    }
}

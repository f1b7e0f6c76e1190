package io.liveconfig.source;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.eclipse.microprofile.config.spi.ConfigSource;
import org.jboss.logging.Logger;

import io.liveconfig.protocol.InstanceReport;
import io.liveconfig.protocol.Snapshot;
import io.liveconfig.protocol.SnapshotChange;
import io.liveconfig.protocol.SnapshotCodec;
import io.liveconfig.protocol.SnapshotFormatException;
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
 * Everything else happens on the source's own thread, never on Hazelcast's: saving the last-known-good copy, telling
 * listeners, and re-reading the cluster after a reconnect or on a timer, which heals lost events.
 */
public final class LiveConfigSource implements ConfigSource, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LiveConfigSource.class);

    /**
     * What a reader sees: the snapshots held and the merged view of their entries, both immutable, replaced together.
     *
     * @param fromDisk namespaces whose snapshot is a saved copy the cluster has not confirmed yet, with its save time
     */
    private record State(Map<String, Snapshot> snapshots, Map<String, String> values, Map<String, Instant> fromDisk) {
    }

    /**
     * Where the values being served come from.
     *
     * @param connected whether the cluster can be reached now
     * @param revisions the revision held per namespace
     * @param savedCopySince when some values are saved copies the cluster has not confirmed yet: the oldest save time;
     * empty once the cluster delivered every namespace
     * @param resyncCatchUps how often a re-read of the cluster found a newer snapshot than change events had delivered
     * (after a gap in the changes, a reconnect, or on the timer): each one healed missed events
     */
    public record Status(boolean connected, Map<String, Long> revisions, Optional<Instant> savedCopySince,
            long resyncCatchUps) {

        /** Whether the app may be serving outdated values. */
        public boolean stale() {
            return !connected || savedCopySince.isPresent();
        }
    }

    private final List<String> namespaces;
    private final int ordinal;
    private final String name;
    private final SnapshotGateway gateway;
    private final SnapshotFiles files;
    /** Re-reads the cluster: on a timer and after reconnects. */
    private final ScheduledExecutorService resyncer;
    /** Tells listeners, so that a slow listener never holds up a re-read. */
    private final ExecutorService notifier;
    /** Saves last-known-good copies, so that writing a large namespace to disk never delays listeners. */
    private final ExecutorService saver;
    private final List<Consumer<ConfigChange>> listeners = new CopyOnWriteArrayList<>();
    /** Tells the cluster which revisions this instance applied, for the server's per-namespace view. */
    private final String instanceId = UUID.randomUUID().toString();
    private final String appName;
    private final Deque<String> rejections = new ConcurrentLinkedDeque<>();
    /** Checks the app asked for, by key: a snapshot whose new value of the key fails one is refused. */
    private final Map<String, Consumer<String>> valueChecks = new ConcurrentHashMap<>();
    /** The last snapshot refused per namespace, so a re-read of the same one is not logged and reported again. */
    private final Map<String, Snapshot> refused = new ConcurrentHashMap<>();
    private String host;
    private final AtomicLong resyncCatchUps = new AtomicLong();
    private volatile State state = new State(Map.of(), Map.of(), Map.of());

    /**
     * Connects to the cluster named in the settings and returns a source holding the namespaces' current snapshots or,
     * when the cluster cannot be reached and the settings allow it, their last-known-good copies. The source owns the
     * connection: {@link #close()} it when the application stops.
     *
     * @throws IllegalStateException if the cluster could not be reached and the start-up policy is to fail
     */
    public static LiveConfigSource connect(LiveConfigSettings settings) {
        return new LiveConfigSource(settings, HazelcastSnapshotGateway.connect(settings),
                new SnapshotFiles(settings.snapshotDirectory()));
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
        this.files = files;
        this.appName = settings.appName();
        this.resyncer = Executors.newSingleThreadScheduledExecutor(daemon("liveconfig-resync"));
        this.notifier = Executors.newSingleThreadExecutor(daemon("liveconfig-source"));
        this.saver = Executors.newSingleThreadExecutor(daemon("liveconfig-save"));
        // Saved copies first: they serve until the cluster delivers, even when it is reachable but not yet filled.
        loadSavedCopies();
        gateway.listen(new SnapshotGateway.Listener() {
            @Override
            public void changed(String namespace, String encodedChange) {
                applyChange(namespace, encodedChange);
            }

            @Override
            public void mayHaveMissedEvents() {
                submit(resyncer, () -> {
                    resyncNow();
                    // At once, not at the next renewal: after a cluster restart the server learns from these reports
                    // which revisions apps hold (see the server's history restore).
                    report();
                });
            }
        });
        if (gateway.isConnected()) {
            resyncNow();
        }
        long every = settings.resyncInterval().toMillis();
        resyncer.scheduleWithFixedDelay(this::resyncNow, every, every, TimeUnit.MILLISECONDS);
        resyncer.scheduleWithFixedDelay(this::report, 0, REPORT_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** How often an instance renews its report; a report lives three intervals. */
    static final Duration REPORT_INTERVAL = Duration.ofSeconds(10);

    private final AtomicBoolean reportScheduled = new AtomicBoolean();

    /**
     * Reports within a second, once for any number of changes in that second: under a burst of changes, every app
     * reporting every change would load the cluster more than the changes themselves.
     */
    private void reportSoon() {
        if (reportScheduled.compareAndSet(false, true)) {
            try {
                resyncer.schedule(() -> {
                    reportScheduled.set(false);
                    report();
                }, 1, TimeUnit.SECONDS);
            } catch (RuntimeException e) {
                LOG.debug("Not scheduled, the source is closed", e);
            }
        }
    }

    /** Sends this instance's report; runs on the re-read thread. */
    private void report() {
        if (host == null) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (IOException | RuntimeException e) {
                host = "unknown";
            }
        }
        Map<String, Long> epochs = new HashMap<>();
        state.snapshots.forEach((namespace, snapshot) -> {
            if (snapshot.epoch() != 0) {
                epochs.put(namespace, snapshot.epoch());
            }
        });
        InstanceReport report = new InstanceReport(instanceId, host, appName, status().revisions(), epochs,
                List.copyOf(rejections), System.currentTimeMillis());
        gateway.report(instanceId, report.encode(), REPORT_INTERVAL.multipliedBy(3));
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
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

    public Status status() {
        State current = state;
        Map<String, Long> revisions = new HashMap<>();
        current.snapshots.forEach((namespace, snapshot) -> revisions.put(namespace, snapshot.revision()));
        return new Status(gateway.isConnected(), Map.copyOf(revisions),
                current.fromDisk.values().stream().min(Instant::compareTo), resyncCatchUps.get());
    }

    /**
     * Calls the listener after each applied snapshot that changed values, on the source's thread, in revision order. A
     * listener that throws is logged and does not affect others or the values; a slow one delays only later
     * notifications, never the values themselves.
     */
    public void addListener(Consumer<ConfigChange> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<ConfigChange> listener) {
        listeners.remove(listener);
    }

    /**
     * Applies a snapshot if it belongs to one of this source's namespaces and is newer than the one held.
     *
     * @return whether it was applied
     */
    synchronized boolean apply(Snapshot snapshot) {
        return apply(snapshot, null, null);
    }

    /**
     * @param savedAt when the snapshot was saved, for a copy from disk; {@code null} for one from the cluster, which
     * replaces a saved copy whatever their revisions (the database may have been restored)
     * @param step the change the snapshot was built with from the one held, if it was; tells listeners what changed
     * without comparing every key
     */
    private synchronized boolean apply(Snapshot snapshot, Instant savedAt, SnapshotChange step) {
        if (!namespaces.contains(snapshot.namespace())) {
            return false;
        }
        Snapshot held = state.snapshots.get(snapshot.namespace());
        if (savedAt != null && held != null) {
            return false; // the cluster delivered first: a saved copy never replaces its values
        }
        boolean replacesSavedCopy = savedAt == null && state.fromDisk.containsKey(snapshot.namespace());
        if (held != null && !snapshot.supersedes(held) && !replacesSavedCopy) {
            LOG.debugf("Ignoring namespace '%s' revision %d (epoch %d): holding revision %d (epoch %d)",
                    snapshot.namespace(), snapshot.revision(), snapshot.epoch(), held.revision(), held.epoch());
            return false;
        }
        if (savedAt == null && !passesValueChecks(held, snapshot)) {
            return false;
        }
        if (held != null && snapshot.epoch() > held.epoch()) {
            LOG.warnf("LIVECONFIG-0107 The server restored namespace '%s' to an earlier history: its revision %d "
                    + "(epoch %d) replaces revision %d (epoch %d)", snapshot.namespace(), snapshot.revision(),
                    snapshot.epoch(), held.revision(), held.epoch());
        }
        Map<String, Snapshot> snapshots = new HashMap<>(state.snapshots);
        snapshots.put(snapshot.namespace(), snapshot);
        Map<String, Instant> fromDisk = new HashMap<>(state.fromDisk);
        if (savedAt != null) {
            fromDisk.put(snapshot.namespace(), savedAt);
        } else if (fromDisk.remove(snapshot.namespace()) != null && fromDisk.isEmpty()) {
            LOG.infof("LIVECONFIG-0103 Serving live values from the cluster, namespaces %s", namespaces);
        }
        state = new State(Map.copyOf(snapshots), merge(snapshots), Map.copyOf(fromDisk));
        LOG.debugf("Applied namespace '%s' revision %d (%d keys)", snapshot.namespace(), snapshot.revision(),
                snapshot.entries().size());
        if (savedAt == null) { // a copy read from disk is not written back, so its age stays true
            submit(saver, () -> {
                // Only the latest: under a burst of changes to a large namespace, the copy is written once.
                if (state.snapshots.get(snapshot.namespace()) == snapshot) {
                    files.save(snapshot);
                }
            });
            reportSoon();
        }
        submit(notifier, () -> afterApply(held, snapshot, step));
        return true;
    }

    /**
     * Applies a published change: from the change alone when it steps from the revision held, otherwise by reading the
     * whole snapshot on the re-read thread (never a network call on Hazelcast's event thread).
     */
    private void applyChange(String namespace, String encoded) {
        if (!namespaces.contains(namespace)) {
            return;
        }
        SnapshotChange change;
        try {
            change = decodeChange(namespace, encoded);
        } catch (SnapshotFormatException e) {
            reject(namespace, e.getMessage());
            return;
        }
        synchronized (this) {
            Snapshot held = liveSnapshot(namespace);
            if (held != null && !change.supersedes(held)) {
                return;
            }
            if (held != null && change.appliesTo(held)) {
                apply(change.applyTo(held), null, change);
                return;
            }
        }
        readWholeFor(namespace, change);
    }

    /** The latest change per namespace that could not be applied as a step; present while a whole read is under way. */
    private final Map<String, SnapshotChange> wholeTargets = new HashMap<>();

    /** Reads the whole snapshot to reach a change, one reader per namespace however many changes ask. */
    private void readWholeFor(String namespace, SnapshotChange change) {
        boolean start;
        synchronized (wholeTargets) {
            SnapshotChange current = wholeTargets.get(namespace);
            start = current == null;
            if (start || Version.supersedes(change.epoch(), change.revision(), current.epoch(),
                    current.revision())) {
                wholeTargets.put(namespace, change);
            }
        }
        if (start) {
            submit(resyncer, () -> readWhole(namespace, 1));
        }
    }

    /**
     * How often, and how far apart, a whole snapshot that trails its change is read again: for 3 s, longer than the
     * server's delay for large namespaces (1 s) plus their encoding.
     */
    private static final int WHOLE_READ_ATTEMPTS = 60;
    private static final long WHOLE_READ_PAUSE_MILLIS = 50;

    /**
     * Reads a namespace's whole snapshot until the latest change asked for is held. The server publishes a step before
     * the whole snapshot, so the snapshot may trail by a moment: then the step is applied on top of it. After the last
     * attempt the periodic re-read takes over.
     */
    private void readWhole(String namespace, int attempt) {
        SnapshotChange target;
        synchronized (wholeTargets) {
            target = wholeTargets.get(namespace);
        }
        try {
            Snapshot before = liveSnapshot(namespace);
            boolean applied = readWholeIfNewer(namespace, before);
            // A step that did not apply means steps were missed; a whole change is read whole by design.
            if (applied && before != null && target.baseRevision() != SnapshotChange.WHOLE) {
                caughtUp(namespace, before);
            }
            applyIfItSteps(namespace, target);
        } catch (RuntimeException e) {
            LOG.debugf("Could not read namespace '%s' from the cluster: %s", namespace, e.toString());
            attempt = WHOLE_READ_ATTEMPTS;
        }
        synchronized (wholeTargets) {
            SnapshotChange latest = wholeTargets.get(namespace);
            Snapshot held = liveSnapshot(namespace);
            Snapshot refusedOne = refused.get(namespace);
            boolean reached = held != null && !latest.supersedes(held);
            boolean refusedLatest = refusedOne != null && !latest.supersedes(refusedOne);
            if (reached || refusedLatest || attempt >= WHOLE_READ_ATTEMPTS) {
                wholeTargets.remove(namespace);
                return;
            }
        }
        int next = attempt + 1;
        try {
            resyncer.schedule(() -> readWhole(namespace, next), WHOLE_READ_PAUSE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            LOG.debug("Not scheduled, the source is closed", e);
            synchronized (wholeTargets) {
                wholeTargets.remove(namespace);
            }
        }
    }

    /**
     * Reads the whole snapshot and applies it if its version is newer than the one held; a version that is not is seen
     * from its first fields, without reading (and hashing) a large namespace's entries.
     *
     * @return whether it was applied
     */
    private boolean readWholeIfNewer(String namespace, Snapshot held) {
        Optional<String> whole = gateway.fetch(namespace);
        if (whole.isEmpty()) {
            return false;
        }
        try {
            if (held != null && !SnapshotCodec.peek(whole.get()).supersedes(held)) {
                return false;
            }
        } catch (SnapshotFormatException e) {
            // decoding reports it
        }
        return applySnapshot(namespace, whole.get());
    }

    /** Applies a change that steps from the revision now held, e.g. after a whole snapshot that trailed it. */
    private synchronized void applyIfItSteps(String namespace, SnapshotChange change) {
        Snapshot held = liveSnapshot(namespace);
        if (held != null && change.appliesTo(held)) {
            apply(change.applyTo(held), null, change);
        }
    }

    /** The snapshot held for a namespace if it came from the cluster, not from a saved copy. */
    private Snapshot liveSnapshot(String namespace) {
        State current = state;
        return current.fromDisk.containsKey(namespace) ? null : current.snapshots.get(namespace);
    }

    private static SnapshotChange decodeChange(String namespace, String encoded) {
        SnapshotChange change = SnapshotCodec.decodeChange(encoded);
        if (!change.namespace().equals(namespace)) {
            throw new SnapshotFormatException(
                    "Change for namespace '" + change.namespace() + "' published under '" + namespace + "'");
        }
        return change;
    }

    /**
     * Refuses, from now on, any snapshot in which the key gets a new value that the check throws on, such as a
     * conversion to the type the app injects it as: the app keeps every value of that namespace as held (its last known
     * good revision), logs and reports the rejection to the server, and applies the next snapshot that passes. Values
     * holding expressions ({@code ${...}}, e.g. sealed secrets) are not checked, as they resolve later.
     */
    public void addValueCheck(String key, Consumer<String> check) {
        valueChecks.put(key, check);
    }

    /** The last published values this source refused, newest last, as messages. */
    public List<String> rejections() {
        return List.copyOf(rejections);
    }

    private boolean passesValueChecks(Snapshot held, Snapshot snapshot) {
        if (valueChecks.isEmpty()) {
            return true;
        }
        for (Map.Entry<String, Consumer<String>> check : valueChecks.entrySet()) {
            String value = snapshot.entries().get(check.getKey());
            if (value == null || value.contains("${")
                    || (held != null && value.equals(held.entries().get(check.getKey())))) {
                continue;
            }
            try {
                check.getValue().accept(value);
            } catch (RuntimeException e) {
                Snapshot version = snapshot.withEntries(Map.of());
                Snapshot before = refused.put(snapshot.namespace(), version);
                if (before == null || !before.equals(version)) {
                    reject(snapshot.namespace(), "revision " + snapshot.revision() + " refused: key '"
                            + check.getKey() + "' = '" + abbreviate(value) + "' fails the app's check: "
                            + abbreviate(e.getMessage()));
                }
                return false;
            }
        }
        return true;
    }

    /** Values in rejections are cut short: reports are small, and the server refuses large ones. */
    private static String abbreviate(String text) {
        return text == null || text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }

    private void reject(String namespace, String message) {
        rejections.addLast(namespace + ": " + message);
        while (rejections.size() > 5) {
            rejections.pollFirst();
        }
        LOG.errorf("LIVECONFIG-0102 Rejected a published value of namespace '%s', keeping the values held: %s",
                namespace, message);
        submit(resyncer, this::report);
    }

    /**
     * Re-reads every namespace from the cluster; heals missed events. Reads the small latest change first, and the
     * whole snapshot only when that change is news that does not step from the revision held. Never throws.
     */
    void resyncNow() {
        for (String namespace : namespaces) {
            try {
                Snapshot held = liveSnapshot(namespace);
                if (resync(namespace, held) && held != null) {
                    caughtUp(namespace, held);
                }
            } catch (RuntimeException e) {
                LOG.debugf("Could not re-read namespace '%s' from the cluster, keeping revision %s: %s", namespace,
                        snapshot(namespace).map(Snapshot::revision).orElse(null), e.toString());
                return;
            }
        }
    }

    private void caughtUp(String namespace, Snapshot held) {
        resyncCatchUps.incrementAndGet();
        LOG.infof("LIVECONFIG-0106 Re-reading the cluster brought namespace '%s' from revision %d to %d: change "
                + "events were missed", namespace, held.revision(),
                snapshot(namespace).map(Snapshot::revision)
                        .orElse(-1L));
    }

    /** @return whether a newer revision was applied */
    private boolean resync(String namespace, Snapshot held) {
        Optional<String> latest = gateway.fetchChange(namespace);
        SnapshotChange change = null;
        if (latest.isPresent()) {
            try {
                change = decodeChange(namespace, latest.get());
                if (held != null && !change.supersedes(held)) {
                    return false;
                }
                if (held != null && change.appliesTo(held)) {
                    return apply(change.applyTo(held), null, change);
                }
            } catch (SnapshotFormatException e) {
                LOG.debugf("Unreadable change of namespace '%s', reading the whole snapshot: %s", namespace,
                        e.getMessage());
            }
        }
        boolean applied = readWholeIfNewer(namespace, held);
        if (change != null) {
            applyIfItSteps(namespace, change);
            Snapshot now = liveSnapshot(namespace);
            if (now == null || change.supersedes(now)) {
                readWholeFor(namespace, change); // the whole snapshot trails its change: read it again shortly
            }
        }
        return applied;
    }

    /** The last-known-good copies, which serve until the cluster delivers each namespace. */
    private void loadSavedCopies() {
        for (String namespace : namespaces) {
            files.load(namespace).ifPresent(saved -> apply(saved.snapshot(), saved.writtenAt(), null));
        }
        if (!gateway.isConnected()) {
            LOG.warnf("LIVECONFIG-0104 Starting from the saved snapshots in %s (revisions %s) until the cluster "
                    + "answers", files.directory(), status().revisions());
        }
    }

    private void afterApply(Snapshot held, Snapshot applied, SnapshotChange step) {
        Map<String, String> before = held == null ? Map.of() : held.entries();
        List<ConfigChange.KeyChange> changes = step != null
                ? ConfigChange.of(before, step.puts(), step.removes())
                : ConfigChange.between(before, applied.entries());
        if (changes.isEmpty() || listeners.isEmpty()) {
            return;
        }
        ConfigChange change = new ConfigChange(applied.namespace(), held == null ? 0 : held.revision(),
                applied.revision(), changes);
        for (Consumer<ConfigChange> listener : listeners) {
            try {
                listener.accept(change);
            } catch (RuntimeException e) {
                LOG.errorf(e, "LIVECONFIG-0105 A change listener failed on namespace '%s' revision %d",
                        applied.namespace(), applied.revision());
            }
        }
    }

    private static void submit(ExecutorService executor, Runnable task) {
        try {
            executor.execute(task);
        } catch (RuntimeException e) {
            LOG.debug("Not scheduled, the source is closed", e);
        }
    }

    /** @return whether the snapshot was applied */
    private boolean applySnapshot(String namespace, String encoded) {
        if (!namespaces.contains(namespace)) {
            return false;
        }
        try {
            Snapshot snapshot = SnapshotCodec.decode(encoded);
            if (!snapshot.namespace().equals(namespace)) {
                throw new SnapshotFormatException(
                        "Snapshot for namespace '" + snapshot.namespace() + "' published under '" + namespace + "'");
            }
            return apply(snapshot);
        } catch (SnapshotFormatException e) {
            reject(namespace, e.getMessage());
            return false;
        }
    }

    /**
     * Entries of all namespaces, the first listed namespace winning, in an unmodifiable view of a {@link HashMap} that
     * nothing else references: a plain hash lookup, about three times faster than {@code Map.copyOf}'s probing. With
     * one namespace, its snapshot's own entries (one copy of a large namespace, not two).
     */
    private Map<String, String> merge(Map<String, Snapshot> snapshots) {
        if (namespaces.size() == 1) {
            Snapshot only = snapshots.get(namespaces.get(0));
            return only == null ? Map.of() : only.entries();
        }
        Map<String, String> values = new HashMap<>();
        for (int i = namespaces.size() - 1; i >= 0; i--) {
            Snapshot snapshot = snapshots.get(namespaces.get(i));
            if (snapshot != null) {
                values.putAll(snapshot.entries());
            }
        }
        return Collections.unmodifiableMap(values);
    }

    /** Stops listening and closes the cluster connection; the values held stay readable. */
    @Override
    public void close() {
        resyncer.shutdownNow();
        gateway.withdraw(instanceId);
        notifier.shutdown();
        saver.shutdown();
        try {
            notifier.awaitTermination(5, TimeUnit.SECONDS);
            saver.awaitTermination(5, TimeUnit.SECONDS); // let the last saves finish
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        gateway.close();
    }
}

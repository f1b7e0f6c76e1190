package io.liveconfig.source;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.liveconfig.protocol.Seal;
import io.liveconfig.protocol.Sealed;
import io.liveconfig.protocol.Snapshot;
import io.liveconfig.protocol.SnapshotChange;
import io.liveconfig.protocol.SnapshotCodec;
import io.liveconfig.protocol.SnapshotFormatException;
import io.liveconfig.protocol.Timings;
import io.liveconfig.protocol.TrustedKeys;
import io.liveconfig.protocol.UntrustedPublicationException;

/**
 * Follows what the cluster publishes: a change that steps from the revision held is applied at once; any other is
 * reached by reading the whole snapshot. Re-reads everything after a reconnect and on a timer, which heals lost events.
 * <p>
 * Threading: a change is applied on the Hazelcast thread that delivers it only when it is a step; every network read
 * happens on the re-read thread, never on Hazelcast's. The whole reads under way are guarded by their own lock, never
 * held together with {@link HeldSnapshots}' lock.
 */
final class ChangeFollower implements SnapshotGateway.Listener {

    private static final SourceLogging LOG = SourceLogging.of(LiveConfigSource.class);

    /** How often a whole snapshot that trails its change is read again, {@link Timings#WHOLE_READ_PAUSE} apart. */
    private static final int WHOLE_READ_ATTEMPTS = (int) (Timings.WHOLE_READ_WINDOW.toMillis()
            / Timings.WHOLE_READ_PAUSE.toMillis());

    /** A change that could not be applied as a step, with what it was verified from. */
    private record Target(SnapshotChange change, Publication publication) {
    }

    private final List<String> namespaces;
    private final SnapshotGateway gateway;
    private final TrustedKeys trust;
    private final HeldSnapshots held;
    private final ValueChecks checks;
    private final InstanceReporter reporter;
    private final ScheduledExecutorService thread;
    /** The latest change per namespace that could not be applied as a step; present while a whole read is under way. */
    private final Map<String, Target> wholeTargets = new HashMap<>();
    private final AtomicLong catchUps = new AtomicLong();

    ChangeFollower(List<String> namespaces, SnapshotGateway gateway, TrustedKeys trust, HeldSnapshots held,
            ValueChecks checks, InstanceReporter reporter, ScheduledExecutorService thread) {
        this.namespaces = namespaces;
        this.gateway = gateway;
        this.trust = trust;
        this.held = held;
        this.checks = checks;
        this.reporter = reporter;
        this.thread = thread;
    }

    /** Re-reads everything every interval, for as long as the thread runs. */
    void resyncEvery(Duration interval) {
        long every = interval.toMillis();
        thread.scheduleWithFixedDelay(this::resyncNow, every, every, TimeUnit.MILLISECONDS);
    }

    /** How often a re-read found a newer snapshot than change events had delivered. */
    long catchUps() {
        return catchUps.get();
    }

    /**
     * Applies a published change that the server signed: from the change alone when it steps from the revision held,
     * otherwise by reading the whole snapshot on the re-read thread.
     */
    @Override
    public void changed(String namespace, String encodedChange) {
        if (!namespaces.contains(namespace)) {
            return;
        }
        Target change;
        try {
            change = decodeChange(namespace, encodedChange);
        } catch (SnapshotFormatException e) {
            refuse(namespace, e);
            return;
        }
        if (!held.applyStep(change.change(), change.publication())) {
            readWholeFor(namespace, change);
        }
    }

    @Override
    public void mayHaveMissedEvents() {
        SourceThreads.submit(thread, () -> {
            resyncNow();
            // At once, not at the next renewal: after a cluster restart the server learns from these reports which
            // revisions apps hold (see the server's history restore).
            reporter.report();
        });
    }

    /**
     * Re-reads every namespace from the cluster; heals missed events. Reads the small latest change first, and the
     * whole snapshot only when that change is news that does not step from the revision held. Never throws.
     */
    void resyncNow() {
        for (String namespace : namespaces) {
            try {
                Snapshot before = held.live(namespace);
                if (resync(namespace, before) && before != null) {
                    caughtUp(namespace, before);
                }
            } catch (RuntimeException e) {
                LOG.debugf("Could not re-read namespace '%s' from the cluster, keeping revision %s: %s", namespace,
                        held.snapshot(namespace).map(Snapshot::revision).orElse(null), e.toString());
                return;
            }
        }
    }

    /** @return whether a newer revision was applied */
    private boolean resync(String namespace, Snapshot before) {
        Optional<String> latest = gateway.fetchChange(namespace);
        Target change = null;
        if (latest.isPresent()) {
            try {
                change = decodeChange(namespace, latest.get());
                if (before != null && !change.change().supersedes(before)) {
                    if (!held.applyStep(change.change(), change.publication())) {
                        readWholeIfNewer(namespace, before); // the revision held, signed again by a rotated key
                    }
                    return false;
                }
                if (before != null && change.change().appliesTo(before)) {
                    held.applyStep(change.change(), change.publication());
                    return held.live(namespace) != before; // not if the app's value checks refused it
                }
            } catch (UntrustedPublicationException e) {
                refuse(namespace, e);
            } catch (SnapshotFormatException e) {
                LOG.debugf("Unreadable change of namespace '%s', reading the whole snapshot: %s", namespace,
                        e.getMessage());
            }
        }
        boolean applied = readWholeIfNewer(namespace, before);
        if (change != null) {
            held.applyIfItSteps(change.change(), change.publication());
            Snapshot now = held.live(namespace);
            if (now == null || change.change().supersedes(now)) {
                readWholeFor(namespace, change); // the whole snapshot trails its change: read it again shortly
            }
        }
        return applied;
    }

    /** Reads the whole snapshot to reach a change, one reader per namespace however many changes ask. */
    private void readWholeFor(String namespace, Target change) {
        boolean start;
        synchronized (wholeTargets) {
            Target current = wholeTargets.get(namespace);
            start = current == null;
            if (start || change.change().version().supersedes(current.change().version())) {
                wholeTargets.put(namespace, change);
            }
        }
        if (start) {
            SourceThreads.submit(thread, () -> readWhole(namespace, 1));
        }
    }

    /**
     * Reads a namespace's whole snapshot until the latest change asked for is held. The server publishes a step before
     * the whole snapshot, so the snapshot may trail by a moment: then the step is applied on top of it. After the last
     * attempt the periodic re-read takes over.
     */
    private void readWhole(String namespace, int attempt) {
        Target target;
        synchronized (wholeTargets) {
            target = wholeTargets.get(namespace);
        }
        try {
            Snapshot before = held.live(namespace);
            boolean applied = readWholeIfNewer(namespace, before);
            // A step that did not apply means steps were missed; a whole change is read whole by design.
            if (applied && before != null && target.change().baseRevision() != SnapshotChange.WHOLE) {
                caughtUp(namespace, before);
            }
            held.applyIfItSteps(target.change(), target.publication());
        } catch (RuntimeException e) {
            LOG.debugf("Could not read namespace '%s' from the cluster: %s", namespace, e.toString());
            attempt = WHOLE_READ_ATTEMPTS;
        }
        synchronized (wholeTargets) {
            SnapshotChange latest = wholeTargets.get(namespace).change();
            Snapshot now = held.live(namespace);
            boolean reached = now != null && !latest.supersedes(now);
            if (reached || checks.refusedAlready(latest) || attempt >= WHOLE_READ_ATTEMPTS) {
                wholeTargets.remove(namespace);
                return;
            }
        }
        int next = attempt + 1;
        if (!SourceThreads.schedule(thread, () -> readWhole(namespace, next), Timings.WHOLE_READ_PAUSE)) {
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
    private boolean readWholeIfNewer(String namespace, Snapshot before) {
        Optional<String> whole = gateway.fetch(namespace);
        if (whole.isEmpty()) {
            return false;
        }
        try {
            Seal peeked = SnapshotCodec.peekSeal(whole.get());
            boolean resigned = before != null && peeked.version().equals(before.version())
                    && held.signedByOtherKey(namespace, new Publication(null, peeked));
            if (before != null && !peeked.version().supersedes(before.version()) && !resigned) {
                return false;
            }
        } catch (SnapshotFormatException e) {
            // decoding reports it
        }
        return applySnapshot(namespace, whole.get());
    }

    /** @return whether the snapshot was applied */
    private boolean applySnapshot(String namespace, String encoded) {
        try {
            Sealed<Snapshot> snapshot = SnapshotCodec.decode(encoded, trust);
            if (!snapshot.value().namespace().equals(namespace)) {
                throw new UntrustedPublicationException("Snapshot for namespace '" + snapshot.value().namespace()
                        + "' published under '" + namespace + "'");
            }
            return held.apply(snapshot.value(), new Publication(encoded, snapshot.seal()));
        } catch (SnapshotFormatException e) {
            refuse(namespace, e);
            return false;
        }
    }

    /** A publication the source does not apply: not the server's, or not readable. */
    private void refuse(String namespace, SnapshotFormatException e) {
        if (e instanceof UntrustedPublicationException) {
            checks.untrusted(namespace, e.getMessage());
        } else {
            checks.reject(namespace, e.getMessage());
        }
    }

    private void caughtUp(String namespace, Snapshot before) {
        catchUps.incrementAndGet();
        LOG.caughtUp(namespace, before.revision(), held.snapshot(namespace).map(Snapshot::revision).orElse(-1L));
    }

    private Target decodeChange(String namespace, String encoded) {
        Sealed<SnapshotChange> change = SnapshotCodec.decodeChange(encoded, trust);
        if (!change.value().namespace().equals(namespace)) {
            // Genuine, but another namespace's: a stranger copied it under this key.
            throw new UntrustedPublicationException("Change for namespace '" + change.value().namespace()
                    + "' published under '" + namespace + "'");
        }
        return new Target(change.value(), new Publication(encoded, change.seal()));
    }
}

package io.liveconfig.source;

import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.liveconfig.protocol.Seal;
import io.liveconfig.protocol.Snapshot;
import io.liveconfig.protocol.SnapshotChange;

/**
 * The snapshots the source holds and the merged view of their entries that readers see, with the rules for which
 * snapshot replaces which: a newer one replaces the one held ({@link Snapshot#supersedes}), a saved copy never replaces
 * a value from the cluster, and the cluster's value replaces a saved copy whatever their revisions (the database may
 * have been restored).
 * <p>
 * Threading: readers take the immutable {@link State} from one volatile read, without a lock. Every change is made
 * under this object's lock, which also orders what follows an apply (listeners, saves) as the applies themselves.
 */
final class HeldSnapshots {

    private static final SourceLogging LOG = SourceLogging.of(LiveConfigSource.class);

    /**
     * What a reader sees: the snapshots held and the merged view of their entries, both immutable, replaced together.
     *
     * @param seals the seal of the publication each snapshot came from, which proves the server published it
     * @param fromDisk namespaces whose snapshot is a saved copy the cluster has not confirmed yet, with its save time
     */
    private record State(Map<String, Snapshot> snapshots, Map<String, String> values, Map<String, Seal> seals,
            Map<String, Instant> fromDisk) {
    }

    private final List<String> namespaces;
    private final ValueChecks checks;
    private final ChangeNotifier notifier;
    private final SavedCopies saves;
    /** Called after each snapshot from the cluster is applied, so the server soon learns what this instance holds. */
    private final Runnable appliedFromCluster;
    private volatile State state = new State(Map.of(), Map.of(), Map.of(), Map.of());

    HeldSnapshots(List<String> namespaces, ValueChecks checks, ChangeNotifier notifier, SavedCopies saves,
            Runnable appliedFromCluster) {
        this.namespaces = namespaces;
        this.checks = checks;
        this.notifier = notifier;
        this.saves = saves;
        this.appliedFromCluster = appliedFromCluster;
    }

    /** The entries of all namespaces, the first listed winning; the readers' hot path. */
    Map<String, String> values() {
        return state.values;
    }

    Map<String, Snapshot> snapshots() {
        return state.snapshots;
    }

    Optional<Snapshot> snapshot(String namespace) {
        return Optional.ofNullable(state.snapshots.get(namespace));
    }

    /** The seal of each snapshot held, for the instance report. */
    Map<String, Seal> seals() {
        return state.seals;
    }

    /** The snapshot held for a namespace if it came from the cluster, not from a saved copy; else {@code null}. */
    Snapshot live(String namespace) {
        State current = state;
        return current.fromDisk.containsKey(namespace) ? null : current.snapshots.get(namespace);
    }

    /** When some values are saved copies the cluster has not confirmed yet: the oldest save time. */
    Optional<Instant> savedCopySince() {
        return state.fromDisk.values().stream().min(Instant::compareTo);
    }

    /**
     * Applies a verified whole snapshot from the cluster if it belongs to one of the namespaces, is newer than the one
     * held (or that one is a saved copy) and passes the app's value checks.
     *
     * @return whether it was applied
     */
    synchronized boolean apply(Snapshot snapshot, Publication publication) {
        return apply(snapshot, publication, null, null);
    }

    /** Applies a verified saved copy, unless the cluster delivered the namespace first. */
    synchronized void applySaved(SnapshotFiles.Saved saved) {
        apply(saved.snapshot(), new Publication(null, saved.seal()), saved.writtenAt(), null);
    }

    /**
     * Applies a verified change that steps from the snapshot held.
     *
     * @return whether the change needs nothing more: it was applied, or it is not news; {@code false} when it must be
     * reached by reading the whole snapshot
     */
    synchronized boolean applyStep(SnapshotChange change, Publication publication) {
        Snapshot held = live(change.namespace());
        if (held != null && !change.supersedes(held)) {
            // Not news, unless the server signed the revision held again with another key: then the whole snapshot
            // is read so that the saved copy carries the new signature (see resigned).
            return !(change.baseRevision() == SnapshotChange.WHOLE && change.version().equals(held.version())
                    && signedByOtherKey(change.namespace(), publication));
        }
        if (held != null && change.appliesTo(held)) {
            apply(change.applyTo(held), publication, null, change);
            return true;
        }
        return false;
    }

    /**
     * Applies a verified change if it steps from the snapshot now held, e.g. after a whole snapshot that trailed it.
     */
    synchronized void applyIfItSteps(SnapshotChange change, Publication publication) {
        Snapshot held = live(change.namespace());
        if (held != null && change.appliesTo(held)) {
            apply(change.applyTo(held), publication, null, change);
        }
    }

    /**
     * The rules and the swap; callers hold the lock.
     *
     * @param publication what the snapshot was verified from: the whole snapshot, the step, or the saved copy's seal
     * @param savedAt when the snapshot was saved, for a copy from disk; {@code null} for one from the cluster
     * @param step the change the snapshot was built with from the one held, if it was
     */
    private boolean apply(Snapshot snapshot, Publication publication, Instant savedAt, SnapshotChange step) {
        if (!namespaces.contains(snapshot.namespace())) {
            return false;
        }
        State current = state;
        Snapshot held = current.snapshots.get(snapshot.namespace());
        if (savedAt != null && held != null) {
            return false; // the cluster delivered first: a saved copy never replaces its values
        }
        boolean replacesSavedCopy = savedAt == null && current.fromDisk.containsKey(snapshot.namespace());
        if (held != null && !snapshot.supersedes(held) && !replacesSavedCopy) {
            if (savedAt == null && resigned(held, snapshot, publication)) {
                return false; // nothing new was applied
            }
            LOG.debugf("Ignoring namespace '%s' revision %d (epoch %d): holding revision %d (epoch %d)",
                    snapshot.namespace(), snapshot.revision(), snapshot.epoch(), held.revision(), held.epoch());
            return false;
        }
        if (savedAt == null && !checks.pass(held, snapshot)) {
            return false;
        }
        if (held != null && snapshot.epoch() > held.epoch()) {
            LOG.restoredHistory(snapshot.namespace(), snapshot.revision(), snapshot.epoch(), held.revision(),
                    held.epoch());
        }
        Map<String, Snapshot> snapshots = new HashMap<>(current.snapshots);
        snapshots.put(snapshot.namespace(), snapshot);
        Map<String, Seal> seals = new HashMap<>(current.seals);
        seals.put(snapshot.namespace(), publication.seal());
        Map<String, Instant> fromDisk = new HashMap<>(current.fromDisk);
        if (savedAt != null) {
            fromDisk.put(snapshot.namespace(), savedAt);
        } else if (fromDisk.remove(snapshot.namespace()) != null && fromDisk.isEmpty()) {
            LOG.servingLiveValues(namespaces);
        }
        state = new State(Map.copyOf(snapshots), merge(snapshots), Map.copyOf(seals), Map.copyOf(fromDisk));
        LOG.debugf("Applied namespace '%s' revision %d (%d keys)", snapshot.namespace(), snapshot.revision(),
                snapshot.entries().size());
        if (savedAt == null) { // a copy read from disk is not written back, so its age stays true
            saves.applied(snapshot, publication, step);
            appliedFromCluster.run();
        }
        notifier.changed(held, snapshot, step);
        return true;
    }

    /** Whether the publication's key is another than the one that signed the snapshot held. */
    boolean signedByOtherKey(String namespace, Publication publication) {
        Seal heldSeal = state.seals.get(namespace);
        String key = publication.seal().keyId();
        return heldSeal != null && key != null && !key.equals(heldSeal.keyId());
    }

    /**
     * Takes the revision held as signed again by another key after a rotation: same content, so no listener hears of
     * it, but the seal and the saved copy are replaced, so that the copy still loads once the old key is retired from
     * the app's trust.
     *
     * @return whether it was taken
     */
    private boolean resigned(Snapshot held, Snapshot snapshot, Publication publication) {
        if (publication == null || !publication.isWhole() || !snapshot.version().equals(held.version())
                || !signedByOtherKey(snapshot.namespace(), publication)) {
            return false;
        }
        State current = state;
        Map<String, Seal> seals = new HashMap<>(current.seals);
        seals.put(snapshot.namespace(), publication.seal());
        state = new State(current.snapshots, current.values, Map.copyOf(seals), current.fromDisk);
        saves.applied(held, publication, null);
        LOG.debugf("Namespace '%s' revision %d is signed by key %s now", snapshot.namespace(), snapshot.revision(),
                publication.seal().keyId());
        return true;
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
}

package io.liveconfig.protocol;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How a namespace reached its latest published revision: what apps listen to. The ReplicatedMap
 * {@value MapNames#CHANGES} holds the latest change per namespace; the whole snapshot stays in
 * {@value MapNames#SNAPSHOTS}.
 * <p>
 * A change whose base is the revision an app holds is applied from the change alone, so setting one key of a
 * 100,000-key namespace ships and parses one key. Any other change (a gap after a lost event, a new epoch, a whole
 * replacement such as a delete or a schema change) makes the app read the whole snapshot.
 *
 * @param namespace the namespace
 * @param epoch the history epoch of the revision reached (see {@link Snapshot#epoch()})
 * @param baseRevision the revision of the same epoch that {@code puts} and {@code removes} apply to, or {@link #WHOLE}
 * when this change replaces the whole snapshot
 * @param revision the revision reached
 * @param deleted whether the namespace was deleted
 * @param puts keys set, with their published values (secrets sealed)
 * @param removes keys removed
 */
public record SnapshotChange(String namespace, long epoch, long baseRevision, long revision, boolean deleted,
        Map<String, String> puts, Set<String> removes) {

    /** The base revision of a change that carries no entries: read the whole snapshot. */
    public static final long WHOLE = -1;

    public SnapshotChange {
        Objects.requireNonNull(namespace, "namespace");
        puts = Map.copyOf(puts);
        removes = Set.copyOf(removes);
        if (revision < 0 || epoch < 0 || baseRevision < WHOLE || baseRevision >= revision && baseRevision != WHOLE) {
            throw new IllegalArgumentException("invalid epoch " + epoch + ", base " + baseRevision + ", revision "
                    + revision);
        }
    }

    /** The change that points to a whole snapshot, for publications that are not one step of keys. */
    public static SnapshotChange whole(Snapshot snapshot) {
        return new SnapshotChange(snapshot.namespace(), snapshot.epoch(), WHOLE, snapshot.revision(),
                snapshot.deleted(), Map.of(), Set.of());
    }

    /** The step from the base revision to the snapshot's, in the snapshot's epoch. */
    public static SnapshotChange step(Snapshot snapshot, long baseRevision, Map<String, String> puts,
            Set<String> removes) {
        return new SnapshotChange(snapshot.namespace(), snapshot.epoch(), baseRevision, snapshot.revision(), false,
                puts, removes);
    }

    /**
     * The change from one published snapshot to the next: a step when the next one follows it in the same epoch, a
     * whole change otherwise. Compares every key; publishers that know what changed use {@link #step} instead.
     */
    public static SnapshotChange between(Snapshot previous, Snapshot next) {
        if (previous == null || previous.deleted() || next.deleted() || previous.epoch() != next.epoch()
                || previous.revision() >= next.revision() || !previous.namespace().equals(next.namespace())) {
            return whole(next);
        }
        Map<String, String> puts = new HashMap<>();
        next.entries().forEach((key, value) -> {
            if (!value.equals(previous.entries().get(key))) {
                puts.put(key, value);
            }
        });
        Set<String> removes = new HashSet<>();
        for (String key : previous.entries().keySet()) {
            if (!next.entries().containsKey(key)) {
                removes.add(key);
            }
        }
        return step(next, previous.revision(), puts, removes);
    }

    /** Whether this change replaces a snapshot of its namespace (see {@link Snapshot#supersedes}). */
    public boolean supersedes(Snapshot held) {
        return Version.supersedes(epoch, revision, held.epoch(), held.revision());
    }

    /** Where the namespace stands after this change. */
    public Version version() {
        return new Version(epoch, revision);
    }

    /** Whether this change can be applied to the snapshot alone: it is the next step from exactly that revision. */
    public boolean appliesTo(Snapshot held) {
        return baseRevision != WHOLE && !deleted && !held.deleted() && held.epoch() == epoch
                && held.revision() == baseRevision && held.namespace().equals(namespace);
    }

    /** The snapshot this change leads to from the one it {@link #appliesTo}. */
    public Snapshot applyTo(Snapshot held) {
        if (!appliesTo(held)) {
            throw new IllegalArgumentException("Change to revision " + revision + " does not apply to revision "
                    + held.revision());
        }
        return held.step(revision, puts, removes);
    }
}

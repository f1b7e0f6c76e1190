package io.liveconfig.protocol;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One namespace as published to the cluster: every key/value pair at one revision.
 * <p>
 * A snapshot is immutable and complete, so a change set of many keys becomes visible to an app in one step, and a
 * reader that holds revision N can ignore anything at or below N, within one epoch (see {@link #supersedes}).
 *
 * @param format version of the published form; readers reject formats they do not know
 * @param namespace the namespace name
 * @param epoch the namespace's history epoch (see {@link Version#epoch()})
 * @param revision revision of the namespace, monotonic per namespace within an epoch
 * @param deleted {@code true} for the tombstone published when the namespace was deleted
 * @param entries all key/value pairs, unmodifiable (copied unless they are another snapshot's)
 */
public record Snapshot(int format, String namespace, long epoch, long revision, boolean deleted,
        Map<String, String> entries) {

    /** The current version of the published form. */
    public static final int FORMAT = 1;

    public Snapshot {
        Objects.requireNonNull(namespace, "namespace");
        new Version(epoch, revision); // checks them
        entries = Entries.copyOf(entries);
        if (deleted && !entries.isEmpty()) {
            throw new IllegalArgumentException("a deleted namespace has no entries");
        }
    }

    /** A snapshot of a live namespace in the current format. */
    public static Snapshot of(String namespace, long revision, Map<String, String> entries) {
        return new Snapshot(FORMAT, namespace, 0, revision, false, entries);
    }

    /** The tombstone of a deleted namespace in the current format. */
    public static Snapshot tombstone(String namespace, long revision) {
        return new Snapshot(FORMAT, namespace, 0, revision, true, Map.of());
    }

    /**
     * The live snapshot at a later revision of the same epoch, with some keys set and others removed. Costs what
     * changed, not the size of the namespace: the entries share this snapshot's.
     */
    public Snapshot step(long nextRevision, Map<String, String> puts, Set<String> removes) {
        return new Snapshot(format, namespace, epoch, nextRevision, false, Entries.changed(entries, puts, removes));
    }

    /** This snapshot in another history epoch. */
    public Snapshot withEpoch(long newEpoch) {
        return new Snapshot(format, namespace, newEpoch, revision, deleted, entries);
    }

    /** This snapshot with other entries, e.g. with secret values sealed. */
    public Snapshot withEntries(Map<String, String> newEntries) {
        return new Snapshot(format, namespace, epoch, revision, deleted, newEntries);
    }

    /**
     * Whether this snapshot replaces the other one of its namespace: it is of a later epoch, or of the same epoch and a
     * higher revision. Readers and the cluster's merge never let a snapshot replace one it does not supersede.
     */
    public boolean supersedes(Snapshot other) {
        return Version.supersedes(epoch, revision, other.epoch, other.revision);
    }

    /** Where this snapshot stands in its namespace's history. */
    public Version version() {
        return new Version(epoch, revision);
    }
}

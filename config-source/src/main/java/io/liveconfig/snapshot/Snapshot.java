package io.liveconfig.snapshot;

import java.util.Map;
import java.util.Objects;

/**
 * One namespace as published to the cluster: every key/value pair at one revision.
 * <p>
 * A snapshot is immutable and complete, so a change set of many keys becomes visible to an app in one step, and a
 * reader that holds revision N can ignore anything at or below N.
 *
 * @param format version of the published form; readers reject formats they do not know
 * @param namespace the namespace name
 * @param revision revision of the namespace, monotonic per namespace
 * @param deleted {@code true} for the tombstone published when the namespace was deleted
 * @param entries all key/value pairs, unmodifiable
 */
public record Snapshot(int format, String namespace, long revision, boolean deleted, Map<String, String> entries) {

    /** The current version of the published form. */
    public static final int FORMAT = 1;

    /** Name of the Hazelcast ReplicatedMap that holds one encoded snapshot per namespace, keyed by namespace. */
    public static final String MAP_NAME = "liveconfig.snapshots";

    public Snapshot {
        Objects.requireNonNull(namespace, "namespace");
        if (revision < 0) {
            throw new IllegalArgumentException("revision must not be negative: " + revision);
        }
        entries = Map.copyOf(entries);
        if (deleted && !entries.isEmpty()) {
            throw new IllegalArgumentException("a deleted namespace has no entries");
        }
    }

    /** A snapshot of a live namespace in the current format. */
    public static Snapshot of(String namespace, long revision, Map<String, String> entries) {
        return new Snapshot(FORMAT, namespace, revision, false, entries);
    }

    /** The tombstone of a deleted namespace in the current format. */
    public static Snapshot tombstone(String namespace, long revision) {
        return new Snapshot(FORMAT, namespace, revision, true, Map.of());
    }
}

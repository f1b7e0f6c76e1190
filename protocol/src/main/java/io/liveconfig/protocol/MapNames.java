package io.liveconfig.protocol;

/** The Hazelcast ReplicatedMaps that server members write and apps read, each keyed as said. */
public final class MapNames {

    /** One encoded {@link Snapshot} per namespace, keyed by namespace: what an app reads after a gap. */
    public static final String SNAPSHOTS = "liveconfig.snapshots";

    /** The latest encoded {@link SnapshotChange} per namespace, keyed by namespace: what apps listen to. */
    public static final String CHANGES = "liveconfig.changes";

    /** One encoded {@link InstanceReport} per running app source, keyed by instance id, with a time to live. */
    public static final String INSTANCES = "liveconfig.instances";

    private MapNames() {
    }
}

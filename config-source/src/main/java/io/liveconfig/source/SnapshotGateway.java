package io.liveconfig.source;

import java.util.Optional;

/**
 * The source's only view of the cluster: where encoded snapshots come from. Kept small so the source's logic is tested
 * without a cluster; {@link HazelcastSnapshotGateway} is the real one.
 */
public interface SnapshotGateway extends AutoCloseable {

    /** Receives what the cluster pushes. Called on the gateway's threads; implementations must not block long. */
    interface Listener {

        /** A namespace's published value was added or replaced. */
        void published(String namespace, String encodedSnapshot);

        /** Events may have been missed (reconnect, map cleared): everything must be read again. */
        void mayHaveMissedEvents();
    }

    /** Starts delivering events to the listener. Called once, before the first {@link #fetch}. */
    void listen(Listener listener);

    /** The currently published encoded snapshot of a namespace, if any. This is a network call. */
    Optional<String> fetch(String namespace);

    /** Releases the connection; no events are delivered afterwards. */
    @Override
    void close();
}

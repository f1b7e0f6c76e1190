package io.liveconfig.source;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The source's only view of the cluster: where encoded snapshots come from. Kept small so the source's logic is tested
 * without a cluster; {@link HazelcastSnapshotGateway} is the real one.
 */
public interface SnapshotGateway extends AutoCloseable {

    /** Receives what the cluster pushes. Called on the gateway's threads; implementations must not block long. */
    interface Listener {

        /** A namespace's latest change was published (see {@link io.liveconfig.protocol.SnapshotChange}). */
        void changed(String namespace, String encodedChange);

        /** Events may have been missed (reconnect, map cleared): everything must be read again. */
        void mayHaveMissedEvents();
    }

    /**
     * Sets the listener and subscribes to changes if connected; otherwise the subscription happens on the first
     * {@link #fetch} after the connection comes, and the listener hears {@link Listener#mayHaveMissedEvents()}.
     */
    void listen(Listener listener);

    /** Whether the cluster can be reached now. */
    boolean isConnected();

    /** Since when the cluster has been unreachable, if it is: since start-up when it never was reachable. */
    default Optional<Instant> offlineSince() {
        return Optional.empty();
    }

    /**
     * The currently published encoded snapshot of a namespace, if any. This is a network call; it subscribes first if
     * that has not happened yet.
     *
     * @throws RuntimeException when the cluster cannot be reached
     */
    Optional<String> fetch(String namespace);

    /**
     * The latest published change of a namespace, if any: small, so a periodic re-read costs little when nothing was
     * missed. A network call, like {@link #fetch}.
     *
     * @throws RuntimeException when the cluster cannot be reached
     */
    Optional<String> fetchChange(String namespace);

    /** Publishes this instance's report, to expire after the time to live unless renewed. Never throws. */
    void report(String instance, String encodedReport, Duration ttl);

    /** Removes this instance's report. Never throws. */
    void withdraw(String instance);

    /** Releases the connection; no events are delivered afterwards. */
    @Override
    void close();
}

package io.liveconfig.it;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.EntryAdapter;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;

import io.liveconfig.protocol.MapNames;
import io.liveconfig.protocol.SnapshotCodec;
import io.liveconfig.protocol.SnapshotFormatException;
import io.liveconfig.protocol.Version;

/**
 * A Hazelcast client beside the apps that sees every put into the snapshot and change maps, and notes each one that
 * replaced a value with one of an older version: a server member publishing older content than the cluster held.
 * <p>
 * A replicated map applies every put on the key's partition owner and hands each member's listeners the owner's old
 * value with the new one, so an event is one transition of the map as a whole, whichever member delivered it: the
 * duplicates a client gets from several members are the same transition, and a lagging replica is not mistaken for an
 * older publication.
 */
final class PublicationWatch implements AutoCloseable {

    private final HazelcastInstance client;
    private final List<String> backwards = new ArrayList<>();
    private final AtomicLong events = new AtomicLong();

    private PublicationWatch(HazelcastInstance client) {
        this.client = client;
        for (String map : List.of(MapNames.SNAPSHOTS, MapNames.CHANGES)) {
            client.<String, String>getReplicatedMap(map).addEntryListener(new EntryAdapter<>() {
                @Override
                public void onEntryEvent(EntryEvent<String, String> event) {
                    check(map, event);
                }
            });
        }
    }

    /** Connects to the cluster through the given member addresses and starts watching. */
    static PublicationWatch start(String clusterName, List<String> addresses) {
        ClientConfig config = new ClientConfig();
        config.setClusterName(clusterName);
        config.setInstanceName("publication-watch-" + UUID.randomUUID());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.getNetworkConfig().setAddresses(addresses);
        config.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(10_000);
        return new PublicationWatch(HazelcastClient.newHazelcastClient(config));
    }

    private void check(String map, EntryEvent<String, String> event) {
        events.incrementAndGet();
        if (event.getOldValue() == null || event.getValue() == null) {
            return;
        }
        try {
            Version before = SnapshotCodec.peekVersion(event.getOldValue());
            Version after = SnapshotCodec.peekVersion(event.getValue());
            if (before.supersedes(after)) {
                synchronized (backwards) {
                    backwards.add(map + "[" + event.getKey() + "]: " + before + " -> " + after);
                }
            }
        } catch (SnapshotFormatException e) {
            synchronized (backwards) {
                backwards.add(map + "[" + event.getKey() + "]: unreadable value " + e.getMessage());
            }
        }
    }

    /** How many members the cluster has, as this client sees it. */
    int members() {
        return client.getCluster().getMembers().size();
    }

    /** Puts seen so far (each once per member that delivered it). */
    long events() {
        return events.get();
    }

    /** Every put so far that replaced a value with an older version, and forgets them. */
    List<String> takeBackwards() {
        synchronized (backwards) {
            List<String> taken = List.copyOf(backwards);
            backwards.clear();
            return taken;
        }
    }

    @Override
    public void close() {
        client.shutdown();
    }
}

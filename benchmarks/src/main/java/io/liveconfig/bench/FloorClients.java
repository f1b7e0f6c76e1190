package io.liveconfig.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.EntryAdapter;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.replicatedmap.ReplicatedMap;

import io.liveconfig.testing.ServerProcess;

/**
 * The propagation floor: raw Hazelcast {@code ReplicatedMap.put} from one client of the server's cluster to N clients'
 * entry listeners, on a map of its own ({@value #MAP}). No REST, no database, no snapshot encoding: what the transport
 * alone costs.
 */
public final class FloorClients implements AutoCloseable {

    static final String MAP = "bench.floor";

    private final HazelcastInstance writer;
    private final List<HazelcastInstance> listeners = new ArrayList<>();
    private volatile Round round;

    private record Round(String value, long[] seenAt, CountDownLatch allSeen) {
    }

    public FloorClients(int count, ServerProcess server) {
        writer = client(server);
        for (int i = 0; i < count; i++) {
            HazelcastInstance client = client(server);
            listeners.add(client);
            int index = i;
            client.<String, String>getReplicatedMap(MAP).addEntryListener(new EntryAdapter<>() {
                @Override
                public void onEntryEvent(EntryEvent<String, String> event) {
                    Round current = round;
                    if (current != null && current.value.equals(event.getValue()) && current.seenAt[index] == 0) {
                        current.seenAt[index] = System.nanoTime();
                        current.allSeen.countDown();
                    }
                }
            }, "k");
        }
    }

    static HazelcastInstance client(ServerProcess server) {
        ClientConfig config = new ClientConfig();
        config.setClusterName(server.clusterName());
        config.setInstanceName("bench-floor-" + UUID.randomUUID());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.getNetworkConfig().addAddress(server.clientAddress());
        return HazelcastClient.newHazelcastClient(config);
    }

    /**
     * Puts a value and waits until every listener got it.
     *
     * @return nanoseconds from before the put to the last listener's event, or -1 after 5 s
     */
    public long change(String value) throws InterruptedException {
        Round current = new Round(value, new long[listeners.size()], new CountDownLatch(listeners.size()));
        round = current;
        ReplicatedMap<String, String> map = writer.getReplicatedMap(MAP);
        long start = System.nanoTime();
        map.put("k", value);
        if (!current.allSeen.await(5, TimeUnit.SECONDS)) {
            return -1;
        }
        long last = 0;
        for (long seen : current.seenAt) {
            last = Math.max(last, seen);
        }
        return last - start;
    }

    @Override
    public void close() {
        listeners.forEach(HazelcastInstance::shutdown);
        writer.shutdown();
    }
}

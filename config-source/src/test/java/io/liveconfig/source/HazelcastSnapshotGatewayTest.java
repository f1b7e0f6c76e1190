package io.liveconfig.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.ReplicatedMapConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent.LifecycleState;
import com.hazelcast.replicatedmap.ReplicatedMap;

import io.liveconfig.protocol.MapNames;
import io.liveconfig.protocol.Snapshot;
import io.liveconfig.protocol.SnapshotChange;
import io.liveconfig.protocol.SnapshotCodec;
import io.liveconfig.testing.Await;
import io.liveconfig.testing.FreePorts;
import io.liveconfig.testing.Strangers;
import io.liveconfig.testing.TestKeys;
import io.liveconfig.testing.Tripwire;

/**
 * The app's client against values that are not the server's: anyone who reaches the client port can put values of any
 * type, Java-serialized ones too. The member here keeps values serialized as they came ({@code BINARY}) and has no
 * filter, so that only the app's client could deserialize them.
 */
class HazelcastSnapshotGatewayTest {

    private static HazelcastInstance member;
    private static HazelcastInstance rogue;
    private static String clusterName;
    private static String address;

    @BeforeAll
    static void startMemberAndRogue() {
        clusterName = "gateway-test-" + UUID.randomUUID();
        int port = FreePorts.next();
        address = "127.0.0.1:" + port;
        Config config = new Config();
        config.setClusterName(clusterName);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.getNetworkConfig().setPort(port).setPortAutoIncrement(false);
        config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).addMember(address);
        for (String map : List.of(MapNames.SNAPSHOTS, MapNames.CHANGES)) {
            config.addReplicatedMapConfig(new ReplicatedMapConfig(map).setInMemoryFormat(InMemoryFormat.BINARY));
        }
        member = Hazelcast.newHazelcastInstance(config);
        rogue = HazelcastClient.newHazelcastClient(Strangers.plainClient(clusterName, List.of(address)));
    }

    @AfterAll
    static void stop() {
        if (rogue != null) {
            rogue.shutdown();
        }
        if (member != null) {
            member.shutdown();
        }
    }

    /** Puts without reading the old value back, which would deserialize it here. */
    private static void put(String map, String key, Object value) {
        rogue.getReplicatedMap(map).putAll(Map.of(key, value));
    }

    @Test
    void neverDeserializesJavaObjectsAndSkipsWhatIsNotText() throws Exception {
        List<Object> junk = List.of(new Tripwire(), 42, new HashMap<>(Map.of("a", 1)), List.of(new Tripwire()));
        Map<String, String> heard = new ConcurrentHashMap<>();
        LiveConfigSettings settings = LiveConfigSettings.of(List.of("junk", "good"), clusterName, List.of(address),
                List.of(TestKeys.PUBLIC_KEY));
        try (HazelcastSnapshotGateway gateway = HazelcastSnapshotGateway.connect(settings)) {
            gateway.listen(new SnapshotGateway.Listener() {
                @Override
                public void changed(String namespace, String encodedChange) {
                    heard.put(namespace, encodedChange);
                }

                @Override
                public void mayHaveMissedEvents() {
                    // not asked here
                }
            });
            Await.until(Duration.ofSeconds(10), gateway::isConnected, "the gateway connected");
            gateway.fetch("junk"); // subscribes
            for (Object value : junk) {
                put(MapNames.SNAPSHOTS, "junk", value);
                put(MapNames.CHANGES, "junk", value);
                assertEquals(Optional.empty(), gateway.fetch("junk"), value.getClass().getName());
                assertEquals(Optional.empty(), gateway.fetchChange("junk"), value.getClass().getName());
            }

            // The listener thread heard junk on both keys and still delivers a real change after it.
            put(MapNames.CHANGES, "good", new Tripwire());
            String change = SnapshotCodec.encodeChange(SnapshotChange.whole(Snapshot.of("good", 1, Map.of("k", "v"))),
                    TestKeys.SIGNER);
            put(MapNames.CHANGES, "good", change);
            Await.until(Duration.ofSeconds(10), () -> change.equals(heard.get("good")), "the real change was heard");
            assertFalse(heard.containsKey("junk"), "junk was passed on: " + heard.get("junk"));
            assertEquals(Optional.of(change), gateway.fetchChange("good"));
        }
        assertFalse(Tripwire.tripped, "the app's client deserialized a Java object");

        // The wire is live: a client without the filter deserializes what the app's client refused.
        put(MapNames.CHANGES, "junk", new Tripwire());
        rogue.getReplicatedMap(MapNames.CHANGES).get("junk");
        assertTrue(Tripwire.tripped, "a plain client trips the wire");
    }

    @Test
    void theClientConfigurationRefusesEveryJavaSerializedClass() throws InterruptedException {
        CountDownLatch connected = new CountDownLatch(1);
        ClientConfig config = HazelcastSnapshotGateway.clientConfig(
                LiveConfigSettings.of(List.of("any"), clusterName, List.of(address), List.of(TestKeys.PUBLIC_KEY)),
                event -> {
                    if (event.getState() == LifecycleState.CLIENT_CONNECTED) {
                        connected.countDown();
                    }
                });
        assertTrue(config.getSerializationConfig().getJavaSerializationFilterConfig().isDefaultsDisabled());
        HazelcastInstance filtered = HazelcastClient.newHazelcastClient(config);
        try {
            assertTrue(connected.await(10, TimeUnit.SECONDS), "the client connected");
            ReplicatedMap<String, Object> map = filtered.getReplicatedMap(MapNames.SNAPSHOTS);
            put(MapNames.SNAPSHOTS, "exception", new IllegalStateException("even this"));
            try {
                map.get("exception");
                throw new AssertionError("an exception was deserialized");
            } catch (RuntimeException e) {
                assertTrue(String.valueOf(e.getMessage()).contains("is not allowed"), e.toString());
            }
        } finally {
            filtered.shutdown();
        }
    }

    @Test
    void aClientThatStopsDoesNotReportALostConnection() {
        List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                if (record.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) {
                    warnings.add(String.valueOf(record.getMessage()));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.addHandler(capture);
        try {
            LiveConfigSettings settings = LiveConfigSettings.of(List.of("quiet"), clusterName, List.of(address),
                    List.of(TestKeys.PUBLIC_KEY));
            HazelcastSnapshotGateway.connect(settings).close();
        } finally {
            root.removeHandler(capture);
        }
        assertTrue(warnings.stream().noneMatch(message -> message.contains("LIVECONFIG-0002")
                || message.startsWith("Lost the connection")), warnings.toString());
    }
}

package io.liveconfig.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.replicatedmap.ReplicatedMap;

import io.liveconfig.snapshot.Snapshot;
import io.liveconfig.snapshot.SnapshotCodec;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** The source against a real embedded Hazelcast member on loopback. */
class LiveConfigSourceClusterTest {

    private static final String CLUSTER = "source-test-" + UUID.randomUUID();
    private static HazelcastInstance member;
    private static int port;

    @BeforeAll
    static void startMember() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        com.hazelcast.config.Config config = new com.hazelcast.config.Config();
        config.setClusterName(CLUSTER);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.getNetworkConfig().setPort(port).setPortAutoIncrement(false);
        config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1:" + port);
        member = Hazelcast.newHazelcastInstance(config);
    }

    @AfterAll
    static void stopMember() {
        member.shutdown();
    }

    private static LiveConfigSettings settings(String namespace) {
        return new LiveConfigSettings(List.of(namespace), CLUSTER, List.of("127.0.0.1:" + port), Duration.ofSeconds(10),
                275, Duration.ofSeconds(30));
    }

    private static void publish(Snapshot snapshot) {
        ReplicatedMap<String, String> map = member.getReplicatedMap(Snapshot.MAP_NAME);
        map.put(snapshot.namespace(), SnapshotCodec.encode(snapshot));
    }

    private static void await(Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 5 s");
            }
            Thread.sleep(10);
        }
    }

    @Test
    void seesPublishedSnapshotsLiveThroughSmallRyeConfig() throws InterruptedException {
        publish(Snapshot.of("live", 1, Map.of("greeting", "hello")));
        try (LiveConfigSource source = LiveConfigSource.connect(settings("live"))) {
            SmallRyeConfig config = new SmallRyeConfigBuilder().withSources(source).build();
            assertEquals("hello", config.getValue("greeting", String.class));

            publish(Snapshot.of("live", 2, Map.of("greeting", "bonjour")));

            await(() -> "bonjour".equals(config.getOptionalValue("greeting", String.class).orElse(null)));
            assertEquals("LiveConfig[live]", config.getConfigValue("greeting").getSourceName());
        }
    }

    @Test
    void factoryReadsItsSettingsFromOtherSources() {
        publish(Snapshot.of("factory", 4, Map.of("answer", "42")));
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withDefaultValues(Map.of("liveconfig.namespaces", "factory", "liveconfig.cluster-name", CLUSTER,
                        "liveconfig.addresses", "127.0.0.1:" + port))
                .withSources(new LiveConfigSourceFactory()).build();
        try {
            assertEquals(42, config.getValue("answer", Integer.class));
        } finally {
            closeLiveConfigSources(config);
        }
    }

    @Test
    void failsClearlyWhenClusterIsUnreachable() {
        LiveConfigSettings wrongCluster = new LiveConfigSettings(List.of("live"),
                "no-such-cluster-" + UUID.randomUUID(), List.of("127.0.0.1:" + port), Duration.ofMillis(1500), 275,
                Duration.ofSeconds(30));

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> LiveConfigSource.connect(wrongCluster));

        assertTrue(e.getMessage().contains("LIVECONFIG-0003"), e.getMessage());
    }

    private static void closeLiveConfigSources(Config config) {
        config.getConfigSources().forEach(source -> {
            if (source instanceof LiveConfigSource live) {
                live.close();
            }
        });
    }
}

package io.liveconfig.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.liveconfig.snapshot.Snapshot;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** The source against a real embedded Hazelcast member on loopback. */
class LiveConfigSourceClusterTest {

    private static EmbeddedMember member;

    @BeforeAll
    static void startMember() {
        member = new EmbeddedMember();
    }

    @AfterAll
    static void stopMember() {
        member.close();
    }

    private static LiveConfigSettings settings(String namespace) {
        return LiveConfigSettings.of(List.of(namespace), member.clusterName, List.of(member.address()));
    }

    private static void publish(Snapshot snapshot) {
        member.publish(snapshot);
    }

    @Test
    void seesPublishedSnapshotsLiveThroughSmallRyeConfig() throws InterruptedException {
        publish(Snapshot.of("live", 1, Map.of("greeting", "hello")));
        try (LiveConfigSource source = LiveConfigSource.connect(settings("live"))) {
            SmallRyeConfig config = new SmallRyeConfigBuilder().withSources(source).build();
            assertEquals("hello", config.getValue("greeting", String.class));

            publish(Snapshot.of("live", 2, Map.of("greeting", "bonjour")));

            Await.until(() -> "bonjour".equals(config.getOptionalValue("greeting", String.class).orElse(null)));
            assertEquals("LiveConfig[live]", config.getConfigValue("greeting").getSourceName());
        }
    }

    @Test
    void factoryReadsItsSettingsFromOtherSources() {
        publish(Snapshot.of("factory", 4, Map.of("answer", "42")));
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withDefaultValues(Map.of("liveconfig.namespaces", "factory", "liveconfig.cluster-name",
                        member.clusterName, "liveconfig.addresses", member.address()))
                .withSources(new LiveConfigSourceFactory()).build();
        try {
            assertEquals(42, config.getValue("answer", Integer.class));
        } finally {
            closeLiveConfigSources(config);
        }
    }

    @Test
    void failsClearlyWhenClusterIsUnreachable() {
        LiveConfigSettings wrongCluster = LiveConfigSettings
                .of(List.of("live"), "no-such-cluster-" + UUID.randomUUID(), List.of(member.address()))
                .withConnectTimeout(Duration.ofMillis(1500))
                .withSnapshots(LiveConfigSettings.defaultSnapshotDirectory("unused"), LiveConfigSettings.Startup.FAIL);

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

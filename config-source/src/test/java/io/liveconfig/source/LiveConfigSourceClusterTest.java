package io.liveconfig.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.liveconfig.protocol.Snapshot;
import io.liveconfig.testing.Await;
import io.liveconfig.testing.TestKeys;
import io.liveconfig.testing.TestMember;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** The source against a real embedded Hazelcast member on loopback. */
class LiveConfigSourceClusterTest {

    private static TestMember member;

    @BeforeAll
    static void startMember() {
        member = TestMember.start();
    }

    @AfterAll
    static void stopMember() {
        member.close();
    }

    private static LiveConfigSettings settings(String namespace) {
        return LiveConfigSettings.of(List.of(namespace), member.clusterName(), List.of(member.address()),
                List.of(TestKeys.PUBLIC_KEY));
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
    void headStartHandsOverTheSourceItConnectedForTheSameSettings() {
        publish(Snapshot.of("ahead", 3, Map.of("greeting", "early")));
        HeadStart.begin(() -> settings("ahead"));
        try (LiveConfigSource source = HeadStart.take(settings("ahead")).orElseThrow()) {
            assertEquals("early", source.getValue("greeting"));
            assertTrue(source.status().connected());
        }
        assertTrue(HeadStart.take(settings("ahead")).isEmpty(), "handed over once");
    }

    @Test
    void headStartForOtherSettingsIsNotHandedOver() {
        HeadStart.begin(() -> settings("ahead-other"));
        assertTrue(HeadStart.take(settings("ahead-wanted")).isEmpty());
        assertTrue(HeadStart.take(settings("ahead-other")).isEmpty(), "the other one was closed, not kept");

        HeadStart.begin(() -> {
            throw new IllegalArgumentException("not a key");
        });
        assertTrue(HeadStart.take(settings("ahead-other")).isEmpty(), "settings that cannot be made start nothing");
    }

    @Test
    void factoryReadsItsSettingsFromOtherSources() {
        publish(Snapshot.of("factory", 4, Map.of("answer", "42")));
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withDefaultValues(Map.of("liveconfig.namespaces", "factory", "liveconfig.cluster-name",
                        member.clusterName(), "liveconfig.addresses", member.address(),
                        "liveconfig.trust.public-keys", TestKeys.PUBLIC_KEY))
                .withSources(new LiveConfigSourceFactory()).build();
        try {
            assertEquals(42, config.getValue("answer", Integer.class));
        } finally {
            closeLiveConfigSources(config);
        }
    }

    @Test
    void startsOnItsSavedCopiesWithoutWaitingTheWholeConnectTimeout() throws Exception {
        Path copies = Files.createTempDirectory("liveconfig-fast-start");
        publish(Snapshot.of("fast", 3, Map.of("speed", "saved")));
        try (LiveConfigSource first = LiveConfigSource.connect(
                settings("fast").withSnapshots(copies, LiveConfigSettings.Startup.LAST_KNOWN_GOOD))) {
            Await.until(() -> "saved".equals(first.getValue("speed")));
            Await.until(() -> Files.exists(copies.resolve("fast.jsonl")));
        }
        // The cluster is away (another cluster name answers nobody); the connect timeout is a minute.
        LiveConfigSettings away = LiveConfigSettings
                .of(List.of("fast"), "away-" + UUID.randomUUID(), List.of(member.address()),
                        List.of(TestKeys.PUBLIC_KEY))
                .withConnectTimeout(Duration.ofMinutes(1))
                .withSnapshots(copies, LiveConfigSettings.Startup.LAST_KNOWN_GOOD);
        long started = System.nanoTime();
        try (LiveConfigSource source = LiveConfigSource.connect(away)) {
            Duration waited = Duration.ofNanos(System.nanoTime() - started);
            assertEquals("saved", source.getValue("speed"));
            assertTrue(waited.compareTo(Duration.ofSeconds(30)) < 0, "waited " + waited + " for a minute's timeout");
        }
        // Without a saved copy of every namespace it waits the connect timeout, as before.
        assertEquals(Duration.ofMinutes(1), away.startupWait(false));
        assertEquals(Duration.ofMinutes(1), away.withSnapshots(copies, LiveConfigSettings.Startup.FAIL)
                .startupWait(true));
        assertEquals(Duration.ofSeconds(1), away.startupWait(true));
    }

    @Test
    void failsClearlyWhenClusterIsUnreachable() {
        LiveConfigSettings wrongCluster = LiveConfigSettings
                .of(List.of("live"), "no-such-cluster-" + UUID.randomUUID(), List.of(member.address()),
                        List.of(TestKeys.PUBLIC_KEY))
                .withConnectTimeout(Duration.ofMillis(1500))
                .withSnapshots(LiveConfigSettings.defaultSnapshotDirectory("unused"), LiveConfigSettings.Startup.FAIL);

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> LiveConfigSource.connect(wrongCluster));

        assertTrue(e.getMessage().contains("LIVECONFIG-0003"), e.getMessage());
    }

    @Test
    void convergesByReReadingWhenTheClientDropsEvents() throws IOException, InterruptedException {
        // One queued event per client event thread, and a listener that holds the event thread until the burst is
        // over: Hazelcast drops the events that do not fit ("could not be handled"), the last one included.
        System.setProperty("hazelcast.client.event.queue.capacity", "1");
        HazelcastSnapshotGateway gateway;
        LiveConfigSettings settings = settings("dropped");
        settings = new LiveConfigSettings(settings.namespaces(), settings.clusterName(), settings.addresses(),
                settings.connectTimeout(), settings.ordinal(), Duration.ofMillis(500), Files.createTempDirectory(
                        "liveconfig-dropped"),
                settings.startup(), "dropped-events-test", settings.trustedKeys(), false);
        try {
            gateway = HazelcastSnapshotGateway.connect(settings);
        } finally {
            System.clearProperty("hazelcast.client.event.queue.capacity");
        }
        AtomicInteger delivered = new AtomicInteger();
        CountDownLatch burstOver = new CountDownLatch(1);
        BlockingListenerGateway blocking = new BlockingListenerGateway(gateway, delivered, burstOver);
        publish(Snapshot.of("dropped", 1, Map.of("k", "1")));
        try (LiveConfigSource source = new LiveConfigSource(settings, blocking, new SnapshotFiles(
                settings.snapshotDirectory()))) {
            Await.until(() -> "1".equals(source.getValue("k")));
            for (int revision = 2; revision <= 200; revision++) {
                publish(Snapshot.of("dropped", revision, Map.of("k", Integer.toString(revision))));
            }
            Thread.sleep(300); // let the burst's events reach the client while its event thread is held
            burstOver.countDown();

            Await.until(() -> "200".equals(source.getValue("k")));

            assertTrue(delivered.get() < 199, "no event was dropped: " + delivered.get() + " of 199 delivered");
            // Counted just after the values are swapped in, so awaited; never reached if events alone converged.
            Await.until(() -> source.status().resyncCatchUps() > 0);
            System.out.printf("dropped events: %d of 199 delivered, converged after %d re-reads that caught up%n",
                    delivered.get(), source.status().resyncCatchUps());
        }
    }

    /** Holds Hazelcast's event thread in the listener until released. */
    private record BlockingListenerGateway(SnapshotGateway gateway, AtomicInteger delivered, CountDownLatch release)
            implements
                SnapshotGateway {

        @Override
        public void listen(Listener listener) {
            gateway.listen(new Listener() {
                @Override
                public void changed(String namespace, String encodedChange) {
                    delivered.incrementAndGet();
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    listener.changed(namespace, encodedChange);
                }

                @Override
                public void mayHaveMissedEvents() {
                    listener.mayHaveMissedEvents();
                }
            });
        }

        @Override
        public boolean isConnected() {
            return gateway.isConnected();
        }

        @Override
        public Optional<String> fetch(String namespace) {
            return gateway.fetch(namespace);
        }

        @Override
        public Optional<String> fetchChange(String namespace) {
            return gateway.fetchChange(namespace);
        }

        @Override
        public void report(String instance, String encodedReport, Duration ttl) {
            gateway.report(instance, encodedReport, ttl);
        }

        @Override
        public void withdraw(String instance) {
            gateway.withdraw(instance);
        }

        @Override
        public void close() {
            gateway.close();
        }
    }

    private static void closeLiveConfigSources(Config config) {
        config.getConfigSources().forEach(source -> {
            if (source instanceof LiveConfigSource live) {
                live.close();
            }
        });
    }
}

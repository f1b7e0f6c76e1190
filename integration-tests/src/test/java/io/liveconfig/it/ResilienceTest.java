package io.liveconfig.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.liveconfig.protocol.Snapshot;
import io.liveconfig.source.ConfigChange;
import io.liveconfig.source.LiveConfigSettings;
import io.liveconfig.source.LiveConfigSource;
import io.liveconfig.testing.Await;
import io.liveconfig.testing.ServerProcess;

/**
 * Apps against a real server process through faults: the whole cluster gone for a minute, an app starting while it is
 * gone, an app's link cut during a thousand updates, and events lost on the way. Every loop here is bounded in count
 * and time.
 */
@ExtendWith(SharedServer.class)
class ResilienceTest {

    private static ServerProcess server;
    private static LinkProxy link;

    @BeforeAll
    static void useSharedServer(ServerProcess shared, LinkProxy appLink) {
        server = shared;
        link = appLink;
    }

    private LiveConfigSettings settings(String namespace, Path snapshots, Duration resync) {
        return new LiveConfigSettings(List.of(namespace), server.clusterName(), List.of(server.clientAddress()),
                Duration.ofSeconds(2), LiveConfigSettings.DEFAULT_ORDINAL, resync, snapshots,
                LiveConfigSettings.Startup.LAST_KNOWN_GOOD, "resilience-test", server.trustedKeys(), false);
    }

    @Test
    void appsKeepServingThroughAnOutageStartFromSnapshotsAndCatchUp() throws Exception {
        createNamespace("outage");
        put("outage", "a", "1");
        Path snapshots = Files.createTempDirectory("liveconfig-outage");
        try (LiveConfigSource running = LiveConfigSource
                .connect(settings("outage", snapshots, Duration.ofSeconds(30)))) {
            Await.until(Duration.ofSeconds(5), () -> "1".equals(running.getValue("a")));
            Await.until(Duration.ofSeconds(5), () -> Files.exists(snapshots.resolve("outage.jsonl")));

            server.stop();
            long outageStart = System.nanoTime();

            // An app starting now finds no member and starts from the saved copy, within 5 s.
            long start = System.nanoTime();
            try (LiveConfigSource starting = LiveConfigSource
                    .connect(settings("outage", snapshots, Duration.ofSeconds(30)))) {
                long startMillis = (System.nanoTime() - start) / 1_000_000;
                assertTrue(startMillis < 5_000, "started in " + startMillis + " ms");
                assertEquals("1", starting.getValue("a"));
                assertTrue(starting.status().stale());

                // The running app serves its values without error for 60 s while nothing of the cluster runs.
                int reads = 0;
                while (System.nanoTime() - outageStart < Duration.ofSeconds(60).toNanos() && reads < 1_000_000) {
                    assertEquals("1", running.getValue("a"));
                    assertEquals("1", starting.getValue("a"));
                    reads++;
                    Thread.sleep(10);
                }
                assertTrue(running.status().stale());

                server.start();
                put("outage", "a", "2");

                // Both catch up by themselves once a member answers again.
                Await.until(Duration.ofSeconds(30), () -> "2".equals(running.getValue("a")));
                Await.until(Duration.ofSeconds(30), () -> "2".equals(starting.getValue("a")));
                Await.until(Duration.ofSeconds(30), () -> !starting.status().stale());
                System.out.printf("outage: app started from snapshot in %d ms, %d reads served during 60 s, "
                        + "caught up after restart%n", startMillis, reads);
            }
        }
    }

    @Test
    void catchesUpAfterItsLinkWasCutDuringAThousandUpdates() throws Exception {
        createNamespace("cut");
        Path snapshots = Files.createTempDirectory("liveconfig-cut");
        // A resync timer longer than the test: catching up must come from the reconnect, not from the timer.
        try (LiveConfigSource app = LiveConfigSource.connect(settings("cut", snapshots, Duration.ofMinutes(5)))) {
            RevisionWatch watch = new RevisionWatch();
            app.addListener(watch);
            long cutAt = 0;
            long restoredAt = 0;
            long lastBeforeRestore = 0;
            boolean sawDisconnect = false;
            long revision = 0;
            try {
                // 1,000 writes paced over about 15 s; the link is cut after the 100th for 10 s.
                for (int i = 1; i <= 1_000; i++) {
                    revision = put("cut", "k" + (i % 50), Integer.toString(i));
                    if (i == 100) {
                        link.cut();
                        cutAt = System.nanoTime();
                    } else if (cutAt != 0 && restoredAt == 0) {
                        sawDisconnect |= !app.status().connected();
                        if (System.nanoTime() - cutAt >= CUT.toNanos()) {
                            lastBeforeRestore = revision;
                            link.restore();
                            restoredAt = System.nanoTime();
                        }
                    }
                    Thread.sleep(10);
                }
            } finally {
                link.restore();
            }
            assertTrue(restoredAt != 0, "the writes ended before the cut did");
            assertTrue(sawDisconnect, "the app never noticed the cut");

            long caughtUp = lastBeforeRestore;
            Await.until(Duration.ofSeconds(30), () -> heldRevision(app, "cut") >= caughtUp);
            long catchUpMillis = (System.nanoTime() - restoredAt) / 1_000_000;
            long expected = revision;
            Await.until(Duration.ofSeconds(30), () -> heldRevision(app, "cut") == expected);
            assertEqualsDatabase(app, "cut", 50);
            assertEquals(0, watch.wentBack(), "the app saw a revision go backwards");
            System.out.printf("link cut: 1000 updates over 50 keys, link cut for %d s; the app held the revision "
                    + "written before the restore %d ms after it, equal to the database at the end%n",
                    CUT.toSeconds(), catchUpMillis);
        }
    }

    @Test
    void appsFollowTheServerBackToARestoredDatabase() throws Exception {
        createNamespace("restored");
        put("restored", "a", "backed-up");
        server.stop();
        server.backUpDatabase();
        server.start();
        for (int i = 1; i <= 5; i++) {
            put("restored", "a", "lost-" + i);
        }
        Path snapshots = Files.createTempDirectory("liveconfig-restored");
        try (LiveConfigSource app = LiveConfigSource
                .connect(settings("restored", snapshots, Duration.ofSeconds(30)))) {
            Await.until(Duration.ofSeconds(5), () -> "lost-5".equals(app.getValue("a")));
            long heldBefore = heldRevision(app, "restored");

            // The operator restores yesterday's backup: the database is back at revision 2, the app holds revision 7
            // of a history that no longer exists, and the cluster restarted empty.
            server.stop();
            server.restoreDatabase();
            long restarted = System.nanoTime();
            server.start();

            Await.until(Duration.ofSeconds(30), () -> "backed-up".equals(app.getValue("a")));
            long followedMillis = (System.nanoTime() - restarted) / 1_000_000;
            Snapshot held = app.snapshot("restored").orElseThrow();
            assertEquals(1, held.epoch());
            assertTrue(held.revision() < heldBefore, "revision " + held.revision());
            String history = server.send("GET", "/api/v1/namespaces/restored/revisions", null).body();
            assertTrue(history.contains("\"kind\":\"restore\""), history);
            System.out.printf("restored database: the app went from revision %d to the restored revision %d (epoch "
                    + "1) %d ms after the server was started again%n", heldBefore, held.revision(), followedMillis);
        }
    }

    @Test
    void appsFollowTheServerBackToAnOnlineBackup() throws Exception {
        createNamespace("online-backup");
        put("online-backup", "a", "backed-up");
        HttpResponse<byte[]> backup = HttpClient.newHttpClient().send(server.request("POST", "/api/v1/backups", null),
                HttpResponse.BodyHandlers.ofByteArray());
        if (backup.statusCode() == 409) {
            // PostgreSQL: backed up with its own tools, said as a problem
            assertTrue(new String(backup.body(), StandardCharsets.UTF_8).contains("pg_dump"));
            return;
        }
        assertEquals(200, backup.statusCode());
        assertEquals("application/vnd.sqlite3", backup.headers().firstValue("Content-Type").orElseThrow());
        for (int i = 1; i <= 3; i++) {
            put("online-backup", "a", "lost-" + i);
        }
        Path snapshots = Files.createTempDirectory("liveconfig-online-backup");
        try (LiveConfigSource app = LiveConfigSource
                .connect(settings("online-backup", snapshots, Duration.ofSeconds(30)))) {
            Await.until(Duration.ofSeconds(5), () -> "lost-3".equals(app.getValue("a")));
            Snapshot before = app.snapshot("online-backup").orElseThrow();

            // docs/durability.md: stop, put the backup in place of liveconfig.db without its -wal and -shm, start.
            server.stop();
            Files.write(server.dataDir().resolve("liveconfig.db"), backup.body());
            Files.deleteIfExists(server.dataDir().resolve("liveconfig.db-wal"));
            Files.deleteIfExists(server.dataDir().resolve("liveconfig.db-shm"));
            server.start();

            // The server knows it runs on a backup and moves on to a new epoch at once, without waiting for reports.
            Await.until(Duration.ofSeconds(30), () -> "backed-up".equals(app.getValue("a")));
            Snapshot restored = app.snapshot("online-backup").orElseThrow();
            assertTrue(restored.epoch() > before.epoch(), "epoch " + restored.epoch());
            String history = server.send("GET", "/api/v1/namespaces/online-backup/revisions", null).body();
            assertTrue(history.contains("\"kind\":\"restore\""), history);
            long after = put("online-backup", "a", "after-restore");
            Await.until(Duration.ofSeconds(5), () -> "after-restore".equals(app.getValue("a")));
            assertEquals(after, heldRevision(app, "online-backup"));
        }
    }

    @Test
    void convergesWhenChangeEventsAreLost() throws Exception {
        createNamespace("lossy");
        Path snapshots = Files.createTempDirectory("liveconfig-lossy");
        // A client event queue of one: most change events are dropped, only the resync heals.
        System.setProperty("hazelcast.client.event.queue.capacity", "1");
        try (LiveConfigSource app = LiveConfigSource.connect(settings("lossy", snapshots, Duration.ofSeconds(1)))) {
            System.clearProperty("hazelcast.client.event.queue.capacity");
            RevisionWatch watch = new RevisionWatch();
            app.addListener(watch);

            long revision = 0;
            for (int i = 1; i <= 1_000; i++) {
                revision = put("lossy", "k" + (i % 50), Integer.toString(i));
            }
            long expected = revision;
            long start = System.nanoTime();
            Await.until(Duration.ofSeconds(30), () -> heldRevision(app, "lossy") == expected);
            long convergedMillis = (System.nanoTime() - start) / 1_000_000;

            assertEqualsDatabase(app, "lossy", 50);
            assertEquals(0, watch.wentBack(), "the app saw a revision go backwards");
            System.out.printf("event loss: 1000 updates over 50 keys, app equal to the database %d ms after the last "
                    + "write, %d re-reads caught up on missed events%n", convergedMillis,
                    app.status().resyncCatchUps());
        } finally {
            System.clearProperty("hazelcast.client.event.queue.capacity");
        }
    }

    private static final Duration CUT = Duration.ofSeconds(10);

    /** Counts applied changes whose revision was not above the one before. */
    private static final class RevisionWatch implements Consumer<ConfigChange> {
        private long last;
        private int wentBack;

        @Override
        public synchronized void accept(ConfigChange change) {
            if (change.newRevision() <= last) {
                wentBack++;
            }
            last = change.newRevision();
        }

        synchronized int wentBack() {
            return wentBack;
        }
    }

    private static long heldRevision(LiveConfigSource app, String namespace) {
        return app.snapshot(namespace).map(Snapshot::revision).orElse(-1L);
    }

    /** Asserts that the app holds the database's value of keys k0 to k(count - 1). */
    private void assertEqualsDatabase(LiveConfigSource app, String namespace, int count) throws Exception {
        String entries = server.send("GET", "/api/v1/namespaces/" + namespace + "/entries", null).body();
        for (int k = 0; k < count; k++) {
            assertTrue(entries.contains("\"k" + k + "\":\"" + app.getValue("k" + k) + "\""),
                    "k" + k + " differs from the database");
        }
    }

    private void createNamespace(String name) throws Exception {
        assertEquals(201, server.send("POST", "/api/v1/namespaces", "{\"name\":\"" + name + "\"}").statusCode());
    }

    /** Sets a value and returns the revision it created. */
    private long put(String namespace, String key, String value) throws Exception {
        HttpResponse<String> response = server.send("PUT", "/api/v1/namespaces/" + namespace + "/entries/" + key,
                "{\"value\":\"" + value + "\"}");
        assertEquals(200, response.statusCode(), response.body());
        return Long.parseLong(response.headers().firstValue("ETag").orElseThrow().replace("\"", ""));
    }
}

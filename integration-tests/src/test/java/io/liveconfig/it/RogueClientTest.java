package io.liveconfig.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.replicatedmap.ReplicatedMap;

import io.liveconfig.protocol.InstanceReport;
import io.liveconfig.protocol.MapNames;
import io.liveconfig.protocol.PublicationSigner;
import io.liveconfig.protocol.Seal;
import io.liveconfig.protocol.Snapshot;
import io.liveconfig.protocol.SnapshotChange;
import io.liveconfig.protocol.SnapshotCodec;
import io.liveconfig.protocol.SnapshotFormatException;
import io.liveconfig.protocol.TrustedKeys;
import io.liveconfig.protocol.Version;
import io.liveconfig.source.ConfigChange;
import io.liveconfig.source.LiveConfigSettings;
import io.liveconfig.source.LiveConfigSource;
import io.liveconfig.source.SnapshotFiles;
import io.liveconfig.testing.Await;
import io.liveconfig.testing.FreePorts;
import io.liveconfig.testing.ServerProcess;
import io.liveconfig.testing.Strangers;
import io.liveconfig.testing.TempDirectories;
import io.liveconfig.testing.ThrowawayDatabase;

/**
 * A stranger on the port apps use: a plain Hazelcast client that knows only the cluster name, against a real server
 * process and a real app source. It forges snapshots and steps (its own key, unsigned, far-ahead epochs, a tombstone),
 * replays an old genuine snapshot, deletes the namespace's values, floods the maps with junk of every type and size,
 * and spoofs instance reports. Afterwards the app never held anything the server did not sign (nor saved it), the
 * database is unchanged, no restore was committed, the maps are repaired within the repair interval, and every endpoint
 * answers. Every wait is bounded.
 */
class RogueClientTest {

    private static final Duration REPAIR_INTERVAL = Duration.ofSeconds(2);
    private static final String NAMESPACE = "rogue";
    private static final String SECRET = "s3cr3t-rogue-value";

    private static ThrowawayDatabase database;
    private static ServerProcess server;
    private static HazelcastInstance rogue;
    private static TrustedKeys serverKeys;

    @BeforeAll
    static void startServerAndStranger() {
        database = ThrowawayDatabase.fromBuild();
        server = ServerProcess.builder(Path.of(System.getProperty("liveconfig.server.app-dir"))).database(database)
                .jvmOptions(List.of("-Dliveconfig.cluster.repair-interval=" + REPAIR_INTERVAL.toSeconds() + "s",
                        "-Dliveconfig.secrets.encryption-key=rogue-test-only-key"))
                .start();
        serverKeys = TrustedKeys.of(server.trustedKeys());
        // All a stranger needs to know: the cluster name and where apps connect.
        rogue = HazelcastClient.newHazelcastClient(Strangers.plainClient(server.clusterName(),
                List.of(server.clientAddress())));
    }

    @AfterAll
    static void stop() {
        if (rogue != null) {
            rogue.shutdown();
        }
        if (server != null) {
            server.close();
        }
        if (database != null) {
            database.close();
        }
    }

    private static ReplicatedMap<String, Object> map(String name) {
        return rogue.getReplicatedMap(name);
    }

    private static LiveConfigSource app(Path snapshots, List<String> addresses) {
        return LiveConfigSource.connect(new LiveConfigSettings(List.of(NAMESPACE), server.clusterName(), addresses,
                Duration.ofSeconds(2), LiveConfigSettings.DEFAULT_ORDINAL, Duration.ofSeconds(30), snapshots,
                LiveConfigSettings.Startup.LAST_KNOWN_GOOD, "rogue-test", server.trustedKeys(), false));
    }

    @Test
    void nothingAStrangerPutsChangesTheAppTheDatabaseOrTheServersAnswers() throws Exception {
        create(NAMESPACE);
        create("rogue-other");
        put("rogue-other", "x", "1");
        put(NAMESPACE, "a", "1");
        // A genuine publication of an older revision, to replay later.
        Await.until(Duration.ofSeconds(10), () -> genuine(NAMESPACE, 2), "revision 2 published whole");
        String oldWhole = (String) map(MapNames.SNAPSHOTS).get(NAMESPACE);
        String oldChange = (String) map(MapNames.CHANGES).get(NAMESPACE);
        long revision = put(NAMESPACE, "a", "2");
        Await.until(Duration.ofSeconds(10), () -> genuine(NAMESPACE, revision), "revision 3 published whole");
        Path snapshots = TempDirectories.create("liveconfig-rogue-app");
        String revisionsBefore = get("/api/v1/namespaces/" + NAMESPACE + "/revisions");
        String entriesBefore = get("/api/v1/namespaces/" + NAMESPACE + "/entries");
        Version held = new Version(0, revision);

        try (LiveConfigSource app = app(snapshots, List.of(server.clientAddress()))) {
            Await.until(Duration.ofSeconds(10), () -> "2".equals(app.getValue("a")), "the app applied revision 3");
            // The initial apply may still reach a listener added now; nothing after it may until the next write.
            List<ConfigChange> applied = new CopyOnWriteArrayList<>();
            app.addListener(applied::add);
            PublicationSigner stranger = PublicationSigner.generate();

            // Forged: a higher revision, a step, the same step unsigned, a far-ahead epoch, a tombstone.
            Snapshot higher = Snapshot.of(NAMESPACE, revision + 1, Map.of("a", "evil"));
            forge(app, SnapshotCodec.encode(higher, stranger),
                    SnapshotCodec.encodeChange(SnapshotChange.whole(higher), stranger));
            String step = SnapshotCodec.encodeChange(SnapshotChange.step(higher, revision, Map.of("a", "evil"),
                    Set.of()), stranger);
            forge(app, null, step);
            forge(app, null, step.replaceAll(",\"key\":\"[^\"]*\",\"signature\":\"[^\"]*\"", ""));
            Snapshot ahead = Snapshot.of(NAMESPACE, 1, Map.of("a", "evil")).withEpoch(1_001);
            forge(app, SnapshotCodec.encode(ahead, stranger), SnapshotCodec.encodeChange(SnapshotChange.whole(ahead),
                    stranger));
            Snapshot tombstone = Snapshot.tombstone(NAMESPACE, 1).withEpoch(5_000);
            forge(app, SnapshotCodec.encode(tombstone, stranger), SnapshotCodec.encodeChange(
                    SnapshotChange.whole(tombstone), stranger));
            // Not even a string, under the namespace's own key.
            map(MapNames.CHANGES).put(NAMESPACE, 7);
            // Replayed: the genuine publication of revision 2.
            map(MapNames.SNAPSHOTS).put(NAMESPACE, oldWhole);
            map(MapNames.CHANGES).put(NAMESPACE, oldChange);
            // Deleted.
            map(MapNames.SNAPSHOTS).remove(NAMESPACE);
            map(MapNames.CHANGES).remove(NAMESPACE);
            // Another namespace's whole snapshot, forged and left there: the repair must find and replace it.
            map(MapNames.SNAPSHOTS).put("rogue-other", SnapshotCodec.encode(Snapshot.of("rogue-other", 9, Map.of("x",
                    "evil")), stranger));
            // Spoofed reports: later revisions with the stranger's seal, unsigned, far ahead.
            for (int i = 0; i < 20; i++) {
                map(MapNames.INSTANCES).put("spoof-" + i, report("spoof-" + i, revision + 100 + i, 999 * i,
                        i % 2 == 0 ? stranger : null));
            }
            // Junk of every kind in every map: undecodable, wrong types, huge, and a flood of keys.
            for (String name : List.of(MapNames.SNAPSHOTS, MapNames.CHANGES, MapNames.INSTANCES)) {
                ReplicatedMap<String, Object> junk = map(name);
                junk.put("junk-text", "not json");
                junk.put("junk-integer", 42);
                junk.put("junk-map", new HashMap<>(Map.of("a", "b")));
                junk.put("junk-huge", "x".repeat(2 * 1024 * 1024));
                for (int i = 0; i < 300; i++) {
                    junk.put("junk-" + i, "{\"format\":1,\"namespace\":\"junk-" + i + "\",\"revision\":" + i + "}");
                }
            }
            map(MapNames.CHANGES).put(NAMESPACE + "-not-read", 7);

            // The app held revision 3 throughout; the maps are repaired at the next repair.
            long lastForgery = System.nanoTime();
            Await.until(REPAIR_INTERVAL.multipliedBy(5), () -> genuine(NAMESPACE, revision)
                    && genuineChange(NAMESPACE, revision) && genuine("rogue-other", 2), "the maps repaired");
            System.out.printf("rogue client: maps repaired %d ms after the last forgery (repair interval %d s); the "
                    + "app refused %d publications%n", (System.nanoTime() - lastForgery) / 1_000_000,
                    REPAIR_INTERVAL.toSeconds(), app.status().untrustedPublications());
            assertEquals(held, app.snapshot(NAMESPACE).orElseThrow().version());
            assertEquals("2", app.getValue("a"));
            assertTrue(applied.stream().allMatch(change -> change.newRevision() == revision),
                    "the app applied something the server did not publish: " + applied);
            assertTrue(app.status().untrustedPublications() > 0, app.status().toString());
            assertEquals(revisionsBefore, get("/api/v1/namespaces/" + NAMESPACE + "/revisions"),
                    "no restore revision, nothing committed");
            assertEquals(entriesBefore, get("/api/v1/namespaces/" + NAMESPACE + "/entries"));
            for (String path : List.of("/api/v1/namespaces", "/api/v1/namespaces/" + NAMESPACE + "/instances",
                    "/api/v1/audit", "/q/health/ready")) {
                assertEquals(200, server.send("GET", path, null).statusCode(), path);
            }

            // The server still publishes, and the app still follows.
            long next = put(NAMESPACE, "a", "3");
            Await.until(Duration.ofSeconds(10), () -> "3".equals(app.getValue("a")), "the app applied the write");
            assertEquals(new Version(0, next), app.snapshot(NAMESPACE).orElseThrow().version());
            Await.until(Duration.ofSeconds(10), () -> savedAt(snapshots, next), "the saved copy at the write");
        }

        // The saved copy holds only what the server signed, and a stranger who can write the file appends a step of
        // its own: an app restarted with the cluster away serves the server's values.
        Path copy = snapshots.resolve(NAMESPACE + ".jsonl");
        Snapshot evil = Snapshot.of(NAMESPACE, revision + 99, Map.of("a", "evil"));
        Files.writeString(copy, SnapshotCodec.encodeChange(SnapshotChange.step(evil, revision + 1, Map.of("a",
                "evil"), Set.of()), PublicationSigner.generate()) + "\n", StandardOpenOption.APPEND);
        try (LiveConfigSource restarted = app(snapshots, List.of("127.0.0.1:" + FreePorts.next()))) {
            assertEquals("3", restarted.getValue("a"));
        }
        String log = Files.readString(server.log());
        assertTrue(log.contains("LIVECONFIG-0222"), "the server logged the forgeries");
        assertFalse(log.contains("LIVECONFIG-0209"), "no history restore");
        assertFalse(log.contains("LIVECONFIG-0500"), "no 500");
    }

    @Test
    void aStrangerReadingEveryMapLearnsNoSecret() throws Exception {
        create("rogue-secret");
        assertEquals(200, server.send("PUT", "/api/v1/namespaces/rogue-secret/schema", "{\"rules\":[{\"key\":"
                + "\"db.password\",\"type\":\"string\",\"secret\":true}],\"strict\":false}").statusCode());
        long revision = put("rogue-secret", "db.password", SECRET);
        Await.until(Duration.ofSeconds(10), () -> genuine("rogue-secret", revision), "the secret published whole");

        for (String name : List.of(MapNames.SNAPSHOTS, MapNames.CHANGES, MapNames.INSTANCES)) {
            for (Object value : map(name).values()) {
                assertFalse(String.valueOf(value).contains(SECRET), name + " holds the secret in clear");
            }
        }
        String sealed = SnapshotCodec.decode((String) map(MapNames.SNAPSHOTS).get("rogue-secret"), serverKeys)
                .value().entries().get("db.password");
        assertTrue(sealed.startsWith("${aes-gcm-nopadding::"), sealed);
    }

    /** Puts a forged whole snapshot (if any) and change, as the server would, and waits until the app refused it. */
    private static void forge(LiveConfigSource app, String whole, String change) throws InterruptedException {
        long refused = app.status().untrustedPublications();
        if (whole != null) {
            map(MapNames.SNAPSHOTS).put(NAMESPACE, whole);
        }
        map(MapNames.CHANGES).put(NAMESPACE, change);
        Await.until(Duration.ofSeconds(5), () -> app.status().untrustedPublications() > refused,
                "the app refused the forgery");
    }

    /** A report of an app holding a later revision, with a seal of the given key, or none. */
    private static String report(String instance, long revision, long epoch, PublicationSigner signer) {
        Seal seal = SnapshotCodec.peekSeal(SnapshotCodec.encodeChange(SnapshotChange.step(Snapshot.of(NAMESPACE,
                revision, Map.of()).withEpoch(epoch), revision - 1, Map.of(), Set.of()),
                signer != null ? signer : PublicationSigner.generate()));
        Seal reported = signer != null
                ? seal
                : new Seal(seal.kind(), seal.namespace(), seal.epoch(), seal.baseRevision(), seal.revision(),
                        seal.deleted(), seal.hash(), null, null);
        return new InstanceReport(instance, "host", "spoof", Map.of(NAMESPACE, revision), Map.of(NAMESPACE, epoch),
                Map.of(NAMESPACE, reported), List.of(), List.of(), System.currentTimeMillis()).encode();
    }

    /** Whether the snapshot map holds the server's own publication of the namespace at the revision. */
    private static boolean genuine(String namespace, long revision) {
        Object value = map(MapNames.SNAPSHOTS).get(namespace);
        try {
            return value instanceof String text
                    && SnapshotCodec.decode(text, serverKeys).value().version().equals(new Version(0, revision));
        } catch (SnapshotFormatException e) {
            return false;
        }
    }

    private static boolean genuineChange(String namespace, long revision) {
        Object value = map(MapNames.CHANGES).get(namespace);
        try {
            return value instanceof String text && SnapshotCodec.decodeChange(text, serverKeys).value().version()
                    .equals(new Version(0, revision));
        } catch (SnapshotFormatException e) {
            return false;
        }
    }

    private static boolean savedAt(Path snapshots, long revision) {
        return new SnapshotFiles(snapshots).load(NAMESPACE, serverKeys)
                .map(saved -> saved.snapshot().revision() == revision).orElse(false);
    }

    private static void create(String namespace) throws Exception {
        assertEquals(201, server.send("POST", "/api/v1/namespaces", "{\"name\":\"" + namespace + "\"}").statusCode());
    }

    private static long put(String namespace, String key, String value) throws Exception {
        HttpResponse<String> response = server.send("PUT", "/api/v1/namespaces/" + namespace + "/entries/" + key,
                "{\"value\":\"" + value + "\"}");
        assertEquals(200, response.statusCode(), response.body());
        return Long.parseLong(response.headers().firstValue("ETag").orElseThrow().replace("\"", ""));
    }

    private static String get(String path) throws Exception {
        HttpResponse<String> response = server.send("GET", path, null);
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        return response.body();
    }
}

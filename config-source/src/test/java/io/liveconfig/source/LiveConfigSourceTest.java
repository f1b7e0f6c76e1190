package io.liveconfig.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.liveconfig.protocol.FixedKeys;
import io.liveconfig.protocol.InstanceReport;
import io.liveconfig.protocol.PublicationSigner;
import io.liveconfig.protocol.Snapshot;
import io.liveconfig.protocol.SnapshotChange;
import io.liveconfig.protocol.SnapshotCodec;
import io.liveconfig.protocol.Version;
import io.liveconfig.testing.Await;
import io.liveconfig.testing.TestKeys;

/**
 * The source's behaviour through its facade, fed by an in-process gateway: one class for all of it, long on purpose, so
 * that each rule of the apply path (ordering, saved copies, steps and gaps, value checks, listeners) is tested against
 * the same public surface an app uses rather than against the package-private parts behind it.
 */
class LiveConfigSourceTest {

    /**
     * A cluster reduced to maps and a listener, driven by the test; publishes as the server does: the whole snapshot,
     * then a step from the previous one or a whole change.
     */
    static final class FakeGateway implements SnapshotGateway {
        final Map<String, String> published = new ConcurrentHashMap<>();
        final Map<String, String> changes = new ConcurrentHashMap<>();
        /**
         * Runs after each publication: a change the source cannot step to is read whole on the source's own thread, so
         * tests re-read at once to be deterministic.
         */
        Runnable settle = () -> {
        };
        Listener listener;
        boolean closed;
        volatile boolean connected = true;

        @Override
        public boolean isConnected() {
            return connected;
        }

        @Override
        public void listen(Listener listener) {
            this.listener = listener;
        }

        @Override
        public Optional<String> fetch(String namespace) {
            if (!connected) {
                throw new IllegalStateException("offline");
            }
            return Optional.ofNullable(published.get(namespace));
        }

        @Override
        public Optional<String> fetchChange(String namespace) {
            if (!connected) {
                throw new IllegalStateException("offline");
            }
            return Optional.ofNullable(changes.get(namespace));
        }

        void publish(Snapshot snapshot) {
            String before = published.put(snapshot.namespace(), encode(snapshot));
            Snapshot previous = before == null ? null : SnapshotCodec.decode(before, TestKeys.TRUST).value();
            SnapshotChange change = SnapshotChange.between(previous, snapshot);
            changes.put(snapshot.namespace(), encodeChange(change));
            listener.changed(snapshot.namespace(), encodeChange(change));
            settle.run();
        }

        final Map<String, String> reports = new ConcurrentHashMap<>();

        @Override
        public void report(String instance, String encodedReport, Duration ttl) {
            reports.put(instance, encodedReport);
        }

        @Override
        public void withdraw(String instance) {
            reports.remove(instance);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static String encode(Snapshot snapshot) {
        return SnapshotCodec.encode(snapshot, TestKeys.SIGNER);
    }

    private static String encodeChange(SnapshotChange change) {
        return SnapshotCodec.encodeChange(change, TestKeys.SIGNER);
    }

    private final FakeGateway gateway = new FakeGateway();
    @TempDir
    Path snapshotDir;
    private LiveConfigSource source;

    /** The keys the next source opened trusts. */
    private List<String> trusted = List.of(TestKeys.PUBLIC_KEY);

    private LiveConfigSource open(String... namespaces) {
        source = new LiveConfigSource(new LiveConfigSettings(List.of(namespaces), "test", List.of("127.0.0.1:1"),
                Duration.ofSeconds(1), 275, Duration.ofHours(1), snapshotDir, null, "test-app", trusted,
                false), gateway,
                new SnapshotFiles(snapshotDir));
        gateway.settle = source::resyncNow;
        return source;
    }

    @AfterEach
    void close() {
        if (source != null) {
            source.close();
        }
    }

    @Test
    void readsWhatIsPublishedAtStart() {
        gateway.published.put("orders", encode(Snapshot.of("orders", 3, Map.of("limit", "10"))));

        open("orders");

        assertEquals("10", source.getValue("limit"));
        assertEquals(Set.of("limit"), source.getPropertyNames());
        assertEquals(3, source.snapshot("orders").orElseThrow().revision());
        assertEquals("LiveConfig[orders]", source.getName());
        assertEquals(275, source.getOrdinal());
    }

    @Test
    void replacesTheWholeSnapshotOnChange() {
        open("orders");
        gateway.publish(Snapshot.of("orders", 1, Map.of("a", "1", "b", "1")));

        gateway.publish(Snapshot.of("orders", 2, Map.of("a", "2", "c", "2")));

        assertEquals("2", source.getValue("a"));
        assertNull(source.getValue("b"), "a key deleted by the newer snapshot is gone");
        assertEquals("2", source.getValue("c"));
    }

    @Test
    void neverGoesBackwards() {
        open("orders");
        gateway.publish(Snapshot.of("orders", 5, Map.of("a", "five")));

        gateway.publish(Snapshot.of("orders", 4, Map.of("a", "four")));
        gateway.publish(Snapshot.of("orders", 5, Map.of("a", "other five")));

        assertEquals("five", source.getValue("a"));
        assertEquals(5, source.snapshot("orders").orElseThrow().revision());
    }

    @Test
    void goesToALowerRevisionOnlyWhenTheServerRaisedTheEpoch() {
        open("orders");
        gateway.publish(Snapshot.of("orders", 60, Map.of("a", "sixty")));

        gateway.publish(Snapshot.of("orders", 51, Map.of("a", "restored")).withEpoch(1));
        gateway.publish(Snapshot.of("orders", 61, Map.of("a", "old history")));

        assertEquals("restored", source.getValue("a"));
        assertEquals(1, source.snapshot("orders").orElseThrow().epoch());
    }

    @Test
    void refusesASnapshotWithAValueTheAppCannotUseAndKeepsTheLastGoodOne() {
        open("orders");
        source.addValueCheck("limit", Integer::parseInt);
        gateway.publish(Snapshot.of("orders", 1, Map.of("limit", "10", "name", "a")));

        gateway.publish(Snapshot.of("orders", 2, Map.of("limit", "ten", "name", "b")));
        gateway.publish(Snapshot.of("orders", 2, Map.of("limit", "ten", "name", "b")));

        assertEquals("10", source.getValue("limit"));
        assertEquals("a", source.getValue("name"), "the whole revision is refused, not one key");
        assertEquals(1, source.rejections().size(), source.rejections().toString());
        assertTrue(source.rejections().get(0).contains("revision 2 refused: key 'limit' = 'ten'"));

        gateway.publish(Snapshot.of("orders", 3, Map.of("limit", "12", "name", "c")));
        assertEquals("12", source.getValue("limit"));
    }

    @Test
    void firstListedNamespaceWins() {
        open("app", "shared");
        gateway.publish(Snapshot.of("shared", 1, Map.of("timeout", "5s", "region", "eu")));
        gateway.publish(Snapshot.of("app", 1, Map.of("timeout", "1s")));

        assertEquals("1s", source.getValue("timeout"));
        assertEquals("eu", source.getValue("region"));

        gateway.publish(Snapshot.of("app", 2, Map.of()));
        assertEquals("5s", source.getValue("timeout"), "the shared value shows once the app no longer overrides it");
    }

    @Test
    void ignoresNamespacesItDoesNotRead() {
        open("orders");

        gateway.publish(Snapshot.of("billing", 1, Map.of("a", "1")));

        assertNull(source.getValue("a"));
        assertTrue(source.snapshot("billing").isEmpty());
    }

    @Test
    void keepsValuesWhenPublishedValueIsCorrupt() {
        open("orders");
        gateway.publish(Snapshot.of("orders", 1, Map.of("a", "1")));

        gateway.listener.changed("orders", "{\"garbage\":true}");
        String forged = encodeChange(SnapshotChange.step(Snapshot.of("billing", 2, Map.of("a", "evil")),
                1, Map.of("a", "evil"), Set.of()));
        gateway.listener.changed("orders", forged);
        String tampered = encodeChange(SnapshotChange.step(Snapshot.of("orders", 2, Map.of("a", "2")),
                1, Map.of("a", "2"), Set.of())).replace("\"2\"}", "\"evil\"}");
        gateway.listener.changed("orders", tampered);

        assertEquals("1", source.getValue("a"));
    }

    @Test
    void tombstoneEmptiesTheNamespace() {
        open("orders");
        gateway.publish(Snapshot.of("orders", 1, Map.of("a", "1")));

        gateway.publish(Snapshot.tombstone("orders", 2));

        assertNull(source.getValue("a"));
        assertTrue(source.snapshot("orders").orElseThrow().deleted());
    }

    @Test
    void resyncPicksUpWhatEventsMissed() {
        open("orders");
        gateway.published.put("orders", encode(Snapshot.of("orders", 7, Map.of("a", "7"))));
        assertNull(source.getValue("a"));

        source.resyncNow();

        assertEquals("7", source.getValue("a"));
    }

    @Test
    void appliesAStepOnTopOfAWholeSnapshotThatTrailsIt() {
        open("orders");
        gateway.publish(Snapshot.of("orders", 1, Map.of("a", "1")));
        // Revision 2 was missed; the latest change steps from 2 to 3, and the whole snapshot still shows 2.
        gateway.published.put("orders", encode(Snapshot.of("orders", 2, Map.of("a", "2"))));
        gateway.changes.put("orders", encodeChange(
                SnapshotChange.step(Snapshot.of("orders", 3, Map.of("a", "3")), 2, Map.of("a", "3"), Set.of())));

        source.resyncNow();

        assertEquals("3", source.getValue("a"));
        assertEquals(1, source.status().resyncCatchUps());
    }

    @Test
    void startsFromTheLastKnownGoodCopyWhenTheClusterIsDown() throws InterruptedException {
        open("orders");
        gateway.publish(Snapshot.of("orders", 4, Map.of("a", "4")));
        Await.until(() -> Files.exists(snapshotDir.resolve("orders.jsonl")));
        source.close();

        gateway.connected = false;
        gateway.published.clear();
        open("orders");

        assertEquals("4", source.getValue("a"));
        assertTrue(source.status().stale());
        assertTrue(source.status().savedCopySince().isPresent());

        gateway.published.put("orders", encode(Snapshot.of("orders", 5, Map.of("a", "5"))));
        gateway.connected = true;
        gateway.listener.mayHaveMissedEvents();
        Await.until(() -> "5".equals(source.getValue("a")));
        Await.until(() -> !source.status().stale());
    }

    @Test
    void clusterReplacesASavedCopyEvenAtALowerRevision() throws InterruptedException {
        open("orders");
        gateway.publish(Snapshot.of("orders", 9, Map.of("a", "9")));
        Await.until(() -> Files.exists(snapshotDir.resolve("orders.jsonl")));
        source.close();

        // The database was restored to an older state: the cluster is the truth, not the saved copy.
        gateway.published.put("orders", encode(Snapshot.of("orders", 3, Map.of("a", "3"))));
        open("orders");

        assertEquals("3", source.getValue("a"));
        assertFalse(source.status().stale());
        gateway.publish(Snapshot.of("orders", 2, Map.of("a", "2")));
        assertEquals("3", source.getValue("a"), "once confirmed by the cluster, it never goes back");
    }

    @Test
    void ignoresCorruptOrForeignSavedCopies() throws Exception {
        Files.writeString(snapshotDir.resolve("orders.jsonl"),
                encode(Snapshot.of("orders", 4, Map.of("a", "4"))).replace("\"4\"}", "\"9\"}"));
        Files.writeString(snapshotDir.resolve("billing.jsonl"),
                encode(Snapshot.of("orders", 4, Map.of("a", "4"))));
        gateway.connected = false;

        open("orders", "billing");

        assertNull(source.getValue("a"));
        assertTrue(source.snapshot("orders").isEmpty());
        assertTrue(source.snapshot("billing").isEmpty());
    }

    @Test
    void tellsListenersWhatChangedOnItsOwnThread() throws InterruptedException {
        open("orders");
        gateway.publish(Snapshot.of("orders", 1, Map.of("a", "1", "b", "1")));
        List<ConfigChange> seen = new CopyOnWriteArrayList<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        source.addListener(change -> {
            throw new IllegalStateException("a broken listener");
        });
        source.addListener(change -> {
            seen.add(change);
            threads.add(Thread.currentThread().getName());
        });

        gateway.publish(Snapshot.of("orders", 2, Map.of("a", "2", "c", "2")));

        // The change to revision 1 may reach the listener too: it was applied just before it was added.
        Await.until(() -> seen.stream().anyMatch(c -> c.newRevision() == 2));
        ConfigChange change = seen.stream().filter(c -> c.newRevision() == 2).findFirst().orElseThrow();
        assertEquals(1, change.oldRevision());
        assertEquals(2, change.newRevision());
        assertEquals(List.of(new ConfigChange.KeyChange("a", "1", "2"), new ConfigChange.KeyChange("b", "1", null),
                new ConfigChange.KeyChange("c", null, "2")), change.changes());
        assertTrue(threads.stream().allMatch("liveconfig-source"::equals), threads.toString());
        assertEquals("2", source.getValue("a"), "a failing listener does not stop updates");
    }

    @Test
    void slowListenerNeverDelaysNewValues() throws InterruptedException {
        open("orders");
        CountDownLatch release = new CountDownLatch(1);
        source.addListener(change -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        gateway.publish(Snapshot.of("orders", 1, Map.of("a", "1")));
        gateway.publish(Snapshot.of("orders", 2, Map.of("a", "2")));

        assertEquals("2", source.getValue("a"));
        release.countDown();
    }

    @Test
    void reportsAppliedRevisionsAndRejectionsAndWithdrawsOnClose() throws InterruptedException {
        open("orders");
        gateway.publish(Snapshot.of("orders", 6, Map.of("a", "6")));
        gateway.listener.changed("orders", "not a change");

        Await.until(() -> gateway.reports.values().stream().map(InstanceReport::decode)
                .anyMatch(r -> Long.valueOf(6).equals(r.revisions().get("orders")) && !r.rejections().isEmpty()));
        InstanceReport report = InstanceReport.decode(gateway.reports.values().iterator().next());
        assertEquals("test-app", report.app());
        TestKeys.TRUST.verify(report.seals().get("orders"));
        assertEquals(List.of(TestKeys.SIGNER.keyId()), report.trusts());
        assertTrue(report.rejections().get(0).startsWith("orders: "), report.rejections().toString());

        source.close();
        assertTrue(gateway.reports.isEmpty());
    }

    @Test
    void reportsTheKeysItAppliesOnlyOnRestartAsOfTheSavedCopyItStartedFrom() throws InterruptedException {
        open("orders");
        gateway.publish(Snapshot.of("orders", 4, Map.of("a", "4")));
        Await.until(() -> Files.exists(snapshotDir.resolve("orders.jsonl")));
        source.close();
        gateway.connected = false;
        gateway.published.clear();
        open("orders", "billing");

        source.reportFixedKeys(List.of("a", "b"), List.of("shop"));
        gateway.published.put("orders", encode(Snapshot.of("orders", 5, Map.of("a", "5"))));
        gateway.connected = true;
        gateway.listener.mayHaveMissedEvents();

        Await.until(() -> gateway.reports.values().stream().map(InstanceReport::decode)
                .anyMatch(r -> Long.valueOf(5).equals(r.revisions().get("orders")) && r.fixed() != null));
        FixedKeys fixed = InstanceReport.decode(gateway.reports.values().iterator().next()).fixed();
        assertEquals(List.of("a", "b"), fixed.keys());
        assertEquals(List.of("shop"), fixed.prefixes());
        // Taken from the saved copy at start-up, and kept when the cluster delivers the next revision.
        assertEquals(Map.of("orders", new Version(0, 4), "billing", new Version(0, 0)), fixed.since());
        assertTrue(fixed.complete());
    }

    @Test
    void appliesNothingTheServerDidNotSign() throws InterruptedException {
        open("orders");
        gateway.publish(Snapshot.of("orders", 1, Map.of("a", "1")));
        PublicationSigner stranger = PublicationSigner.generate();

        // A stranger's step, a far-ahead epoch and a tombstone, signed by its own key; then the same unsigned.
        Snapshot ahead = Snapshot.of("orders", 9, Map.of("a", "evil")).withEpoch(5_000);
        String forgedStep = SnapshotCodec.encodeChange(SnapshotChange.step(Snapshot.of("orders", 2, Map.of("a",
                "evil")), 1, Map.of("a", "evil"), Set.of()), stranger);
        gateway.listener.changed("orders", forgedStep);
        gateway.published.put("orders", SnapshotCodec.encode(ahead, stranger));
        gateway.changes.put("orders", SnapshotCodec.encodeChange(SnapshotChange.whole(ahead), stranger));
        gateway.listener.changed("orders", gateway.changes.get("orders"));
        source.resyncNow();
        gateway.published.put("orders", unsigned(SnapshotCodec.encode(Snapshot.tombstone("orders", 9)
                .withEpoch(5_000), stranger)));
        gateway.changes.put("orders", unsigned(forgedStep));
        source.resyncNow();
        gateway.listener.changed("orders", unsigned(forgedStep));

        assertEquals("1", source.getValue("a"));
        assertEquals(new io.liveconfig.protocol.Version(0, 1), source.snapshot("orders").orElseThrow().version());
        assertTrue(source.status().untrustedPublications() >= 5, source.status().toString());
        assertTrue(source.rejections().stream().anyMatch(r -> r.contains("not trusted here")), source.rejections()
                .toString());
        // The server's own publications still apply.
        gateway.published.put("orders", encode(Snapshot.of("orders", 1, Map.of("a", "1"))));
        gateway.publish(Snapshot.of("orders", 2, Map.of("a", "2")));
        assertEquals("2", source.getValue("a"));
    }

    @Test
    void savesWhatTheServerSignedAndStartsOnlyFromThat() throws Exception {
        open("orders");
        gateway.publish(Snapshot.of("orders", 1, Map.of("a", "1", "b", "1")));
        gateway.publish(Snapshot.of("orders", 2, Map.of("a", "2", "b", "1")));
        gateway.publish(Snapshot.of("orders", 3, Map.of("a", "3", "b", "1")));
        Path copy = snapshotDir.resolve("orders.jsonl");
        Await.until(() -> lines(copy) == 3);
        source.close();
        // A stranger who can write the file appends its own step: the copy ends before it.
        Files.writeString(copy, SnapshotCodec.encodeChange(SnapshotChange.step(Snapshot.of("orders", 4, Map.of("a",
                "evil", "b", "1")), 3, Map.of("a", "evil"), Set.of()), PublicationSigner.generate()) + "\n",
                java.nio.file.StandardOpenOption.APPEND);
        gateway.connected = false;

        open("orders");

        assertEquals("3", source.getValue("a"));
        assertEquals("1", source.getValue("b"));
        source.close();
        Files.writeString(copy, SnapshotCodec.encode(Snapshot.of("orders", 7, Map.of("a", "evil")),
                PublicationSigner.generate()) + "\n");
        open("orders");
        assertNull(source.getValue("a"), "a copy the server did not sign is never loaded");
    }

    private static int lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).size() : 0;
        } catch (java.io.IOException e) {
            return 0; // being replaced
        }
    }

    @Test
    void takesTheSignatureOfARotatedKeyForTheRevisionItHolds() throws Exception {
        PublicationSigner next = PublicationSigner.generate();
        trusted = List.of(TestKeys.PUBLIC_KEY, next.publicKeyText());
        open("orders");
        gateway.publish(Snapshot.of("orders", 4, Map.of("a", "4")));
        List<ConfigChange> heard = new CopyOnWriteArrayList<>();
        source.addListener(heard::add);

        // After the rotation the server publishes what it holds again, signed by the new key.
        Snapshot same = Snapshot.of("orders", 4, Map.of("a", "4"));
        gateway.published.put("orders", SnapshotCodec.encode(same, next));
        gateway.changes.put("orders", SnapshotCodec.encodeChange(SnapshotChange.whole(same), next));
        gateway.listener.changed("orders", gateway.changes.get("orders"));
        source.resyncNow(); // or the re-read the change started, or the periodic one
        Path copy = snapshotDir.resolve("orders.jsonl");
        Await.until(() -> lines(copy) == 1 && read(copy).contains(next.keyId()));
        source.close();

        // The old key is retired from the app's trust: the copy still loads.
        trusted = List.of(next.publicKeyText());
        gateway.connected = false;
        open("orders");
        assertEquals("4", source.getValue("a"));
        // The apply of revision 4 may reach the listener, added just after it; nothing after it may.
        assertTrue(heard.stream().allMatch(change -> change.oldRevision() == 0), "the same revision is not a change: "
                + heard);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    /** A publication with its key and signature cut out. */
    private static String unsigned(String signed) {
        return signed.replaceAll(",\"key\":\"[^\"]*\",\"signature\":\"[^\"]*\"", "");
    }

    @Test
    void closesItsGateway() {
        open("orders");

        source.close();

        assertTrue(gateway.closed);
        assertFalse(source.getPropertyNames().contains("a"));
    }
}

package io.liveconfig.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.client.HazelcastClient;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.partition.PartitionAwareKey;

import io.liveconfig.protocol.Snapshot;
import io.liveconfig.source.ConfigChange;
import io.liveconfig.source.LiveConfigSettings;
import io.liveconfig.source.LiveConfigSource;
import io.liveconfig.testing.Await;
import io.liveconfig.testing.FreePorts;
import io.liveconfig.testing.ServerProcess;
import io.liveconfig.testing.Strangers;
import io.liveconfig.testing.TempDirectories;
import io.liveconfig.testing.ThrowawayDatabase;

/**
 * Two server members as real processes on one PostgreSQL database, one cluster, with writers and apps on both: one
 * revision sequence whichever member writes, acknowledged writes surviving a member's {@code kill -9}, a rolling
 * restart, and a member that joins late. The members are started once and shared by the ordered tests; each test brings
 * back what an earlier one left stopped.
 * <p>
 * Several members need one database that all of them reach, which the embedded store is not: the class runs in the
 * PostgreSQL suite ({@code -Dtesting.database=postgresql}, as {@code .ci/run} does), on a PostgreSQL database of its
 * own, and is skipped when PostgreSQL does not answer on 127.0.0.1:5432.
 * <p>
 * Every loop is bounded in count and time.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@EnabledIfSystemProperty(named = ThrowawayDatabase.BUILD_PROPERTY, matches = "postgresql")
class MultiMemberTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The key every write sets to a value of its own, so that an app's change says which write it reached. */
    private static final String LAST = "last";
    /** How long an acknowledged write may take to reach every app while all is well. */
    private static final Duration PROPAGATION_BOUND = Duration.ofSeconds(10);
    /** How long an app may take to see a write made through the survivor after a member died. */
    private static final Duration FAILOVER_BOUND = Duration.ofSeconds(60);
    /** The pause of each writer between writes while members start: steady load, not flat out. */
    private static final Duration WRITE_PAUSE = Duration.ofMillis(5);
    private static final String HISTORY_RESTORED = "LIVECONFIG-0209";
    private static final String REPUBLISHED = "LIVECONFIG-0207";

    private static ThrowawayDatabase database;
    private static final List<ServerProcess> members = new ArrayList<>();
    /** Where the members join each other (their member endpoints), and where apps connect (their client endpoints). */
    private static final List<String> memberEndpoints = new ArrayList<>();
    private static final List<String> clientAddresses = new ArrayList<>();
    private static String clusterName;
    private static PublicationWatch publications;
    private static long classStart;

    /** The apps of the running test, closed after it. */
    private final List<App> apps = new ArrayList<>();

    @BeforeAll
    static void startMembers() {
        assumeTrue(ThrowawayDatabase.postgresqlAvailable(),
                "several members need PostgreSQL on 127.0.0.1:5432 (user postgres, trust): not reachable");
        classStart = System.nanoTime();
        database = ThrowawayDatabase.postgresql();
        clusterName = "multi-member-" + UUID.randomUUID();
        List<Integer> ports = new ArrayList<>();
        while (ports.size() < 2) {
            int port = FreePorts.next();
            if (!ports.contains(port)) {
                ports.add(port);
            }
        }
        ports.forEach(port -> memberEndpoints.add("127.0.0.1:" + port));
        Path app = Path.of(System.getProperty("liveconfig.server.app-dir"));
        String kek = "multi-member-" + UUID.randomUUID();
        for (int port : ports) {
            // Members of one database share its signing keys, encrypted with one key-encryption key.
            members.add(ServerProcess.builder(app).database(database).clusterName(clusterName).memberPort(port)
                    .members(memberEndpoints).environment(Map.of("LIVECONFIG_SIGNING_KEY_ENCRYPTION_KEY", kek))
                    .timeouts(Duration.ofSeconds(60), Duration.ofSeconds(30)).start());
        }
        members.forEach(member -> clientAddresses.add(member.clientAddress()));
        publications = PublicationWatch.start(clusterName, clientAddresses);
    }

    @AfterAll
    static void stopMembers() {
        if (publications != null) {
            publications.close();
        }
        members.forEach(ServerProcess::close);
        if (database != null) {
            database.close();
        }
        if (classStart != 0) {
            System.out.printf("multi-member: the class ran for %d s%n",
                    (System.nanoTime() - classStart) / 1_000_000_000);
        }
    }

    /** No test sees what an earlier one published. */
    @BeforeEach
    void forgetEarlierPublications() {
        publications.takeBackwards();
    }

    @AfterEach
    void closeApps() {
        apps.forEach(App::close);
        apps.clear();
    }

    @Test
    @Order(1)
    void writesThroughEitherMemberMakeOneGapFreeSequenceThatAppsSeeInOrder() throws Exception {
        bothMembersUp();
        String namespace = "sequence";
        createNamespace(namespace);
        App viaFirst = connect("via-first", namespace, 0);
        App viaSecond = connect("via-second", namespace, 1);

        // Four writers, each alternating between the members write by write.
        Writers writers = new Writers(namespace, 4, 100, true);
        writers.start();
        writers.awaitDone(Duration.ofSeconds(90));

        assertEquals(400, writers.acknowledged().size(), "every write is acknowledged while both members run; "
                + writers.unanswered() + " got no answer");
        long last = 401;
        assertEquals(range(2, last), new TreeSet<>(writers.acknowledged().keySet()),
                "the acknowledged revisions are 2 to 401, each once");
        assertHistory(namespace, last, writers.acknowledged().keySet());
        for (App app : List.of(viaFirst, viaSecond)) {
            app.awaitRevision(last, PROPAGATION_BOUND);
            app.assertInOrder(writers);
            assertEquals(entries(namespace, 1), app.entries(), app.name + " holds the database's entries");
        }
        assertEquals(List.of(), publications.takeBackwards(), "a member published older content than the map held");
        System.out.printf("multi-member sequence: 400 writes by 4 writers alternating between 2 members -> revisions "
                + "2..401 without gap; %s observed %d changes, %s %d, always forwards%n", viaFirst.name,
                viaFirst.changes(), viaSecond.name, viaSecond.changes());
    }

    @Test
    @Order(2)
    void killingAMemberLosesNoAcknowledgedWriteAndAppsFailOver() throws Exception {
        bothMembersUp();
        String namespace = "failover";
        createNamespace(namespace);
        App viaVictim = connect("via-victim", namespace, 0);
        App viaSurvivor = connect("via-survivor", namespace, 1);
        ServerProcess victim = members.get(0);
        ServerProcess survivor = members.get(1);
        int restoresBefore = count(HISTORY_RESTORED);

        // Two writers start at each member; a writer whose member does not answer goes on at the other.
        Writers writers = new Writers(namespace, 4, 2_000, false);
        writers.start();
        Await.until(Duration.ofSeconds(30), () -> writers.acknowledged().size() >= 150, "150 writes before the kill");

        Instant killedOn = Instant.now();
        long killedAt = System.nanoTime();
        victim.kill();
        long killMillis = millisSince(killedAt);

        // The next write through the survivor, and when each app sees it.
        String probe = "after-kill-" + UUID.randomUUID();
        HttpResponse<String> probed = null;
        for (int attempt = 0; attempt < 100 && probed == null; attempt++) {
            try {
                HttpResponse<String> response = survivor.send("PUT", "/api/v1/namespaces/" + namespace
                        + "/entries/probe", "{\"value\":\"" + probe + "\"}");
                if (response.statusCode() == 200) {
                    probed = response;
                    continue;
                }
            } catch (IOException e) {
                // the request timed out while the survivor declared the victim dead: again
            }
            Thread.sleep(100);
        }
        assertNotNull(probed, "the survivor acknowledged no write after the kill");
        long ackMillis = millisSince(killedAt);
        Map<String, Long> failover = new LinkedHashMap<>();
        long deadline = System.nanoTime() + FAILOVER_BOUND.toNanos();
        while (failover.size() < 2 && System.nanoTime() - deadline < 0) {
            for (App app : List.of(viaVictim, viaSurvivor)) {
                if (!failover.containsKey(app.name) && probe.equals(app.source.getValue("probe"))) {
                    failover.put(app.name, millisSince(killedAt));
                }
            }
            LockSupport.parkNanos(1_000_000);
        }
        System.out.printf("multi-member failover: kill -9 took %d ms; the survivor acknowledged the next write %d ms "
                + "after the kill began; apps saw it after %s ms; the survivor logged the victim's leaving after %d "
                + "ms%n", killMillis, ackMillis, failover, leftAfter(survivor, killedOn));
        assertEquals(2, failover.size(), "both apps see the write made through the survivor within "
                + FAILOVER_BOUND + ": " + failover);
        // Some more writes after the failover, then everyone stops.
        int afterProbe = writers.acknowledged().size();
        Await.within(Duration.ofSeconds(10), () -> writers.acknowledged().size() >= afterProbe + 100);
        writers.stop();
        writers.awaitDone(Duration.ofSeconds(60));

        // Every acknowledged write is in the database, read through the survivor.
        Map<String, String> stored = entries(namespace, 1);
        writers.acknowledgedKeys().forEach((key, value) -> assertEquals(value, stored.get(key),
                "acknowledged write of " + key + " is in the database"));
        long last = currentRevision(namespace, 1);
        Set<Long> acknowledged = new TreeSet<>(writers.acknowledged().keySet());
        acknowledged.add(revisionOf(probed));
        // No restore: nothing was lost, so none is due; had two members restored, there would be two.
        assertHistory(namespace, last, acknowledged);
        assertEquals(restoresBefore, count(HISTORY_RESTORED), "no member restored history");
        for (App app : List.of(viaVictim, viaSurvivor)) {
            app.awaitRevision(last, PROPAGATION_BOUND);
            app.assertInOrder(writers);
            assertEquals(stored, app.entries(), app.name + " holds the database's entries");
        }
        List<String> backwards = publications.takeBackwards();
        Map<String, Long> resumed = new LinkedHashMap<>();
        for (App app : List.of(viaVictim, viaSurvivor)) {
            resumed.put(app.name, app.firstChangeAfter(killedAt));
        }
        System.out.printf("multi-member kill -9: %d writes acknowledged (%d after the kill), %d revisions committed "
                + "(%d without an answer), every acknowledged one in the database and in both apps; apps applied "
                + "their first change after the kill after %s ms; %d writer attempts moved to the other member; "
                + "republished on repair: %s%n", writers.acknowledged().size(), writers.acknowledgedAfter(killedAt),
                last - 1, last - 1 - acknowledged.size(), resumed, writers.unanswered(), republished());
        assertEquals(List.of(), backwards, "a member published older content than the map held");
    }

    @Test
    @Order(3)
    void aMemberThatJoinsLateCatchesUpAndPublishesNothingOlder() throws Exception {
        String namespace = "late";
        createNamespace(namespace);
        ServerProcess late = members.get(0);
        late.stop(); // if an earlier test has not left it stopped
        Await.until(Duration.ofSeconds(30), () -> publications.members() == 1, "the late member left");

        // Many writes while it is away, through the one member up.
        Writers before = new Writers(namespace, 2, 300, false);
        before.start();
        before.awaitDone(Duration.ofSeconds(60));
        assertEquals(600, before.acknowledged().size());
        App viaLate = connect("via-late", namespace, 0);
        App viaEarly = connect("via-early", namespace, 1);

        // It joins while writes go on; then both take writes.
        Writers during = new Writers(namespace, 2, 5_000, false).paced(WRITE_PAUSE);
        during.start();
        long joinStart = System.nanoTime();
        late.start();
        long joinMillis = millisSince(joinStart);
        Await.until(Duration.ofSeconds(30), () -> publications.members() == 2, "the late member joined");
        int duringJoin = during.acknowledged().size();
        Await.within(Duration.ofSeconds(10), () -> during.acknowledged().size() >= duringJoin + 200);
        during.stop();
        during.awaitDone(Duration.ofSeconds(60));
        Writers after = new Writers(namespace, 2, 50, true);
        after.start();
        after.awaitDone(Duration.ofSeconds(60));
        assertEquals(100, after.acknowledged().size(), "both members take writes once the late one is up");

        long last = currentRevision(namespace, 0);
        assertEquals(last, currentRevision(namespace, 1), "both members read the same revision");
        Map<String, String> stored = entries(namespace, 0);
        assertEquals(stored, entries(namespace, 1), "both members read the same entries");
        Writers all = Writers.union(before, during, after);
        for (App app : List.of(viaLate, viaEarly)) {
            app.awaitRevision(last, PROPAGATION_BOUND);
            app.assertInOrder(all);
            assertEquals(stored, app.entries(), app.name + " holds the database's entries");
        }
        assertEquals(List.of(), publications.takeBackwards(),
                "the late member (or another) published older content than the map held");
        System.out.printf("multi-member late join: joined after 600 writes, ready in %d ms while %d more were "
                + "written; both members and both apps at revision %d; nothing older published%n", joinMillis,
                during.acknowledged().size(), last);
    }

    @Test
    @Order(4)
    void aRollingRestartShowsAppsNoErrorAndNoOlderRevision() throws Exception {
        bothMembersUp();
        String namespace = "rolling";
        createNamespace(namespace);
        App viaFirst = connect("via-first", namespace, 0);
        App viaSecond = connect("via-second", namespace, 1);

        Writers writers = new Writers(namespace, 2, 20_000, true).paced(WRITE_PAUSE);
        writers.start();
        AtomicBoolean reading = new AtomicBoolean(true);
        ExecutorService readers = Executors.newFixedThreadPool(2);
        try {
            List<Future<Long>> reads = new ArrayList<>();
            for (App app : List.of(viaFirst, viaSecond)) {
                reads.add(readers.submit(() -> app.readContinuously(reading)));
            }
            Await.until(Duration.ofSeconds(30), () -> writers.acknowledged().size() >= 50, "writes before restarts");
            List<Long> restartMillis = new ArrayList<>();
            for (ServerProcess member : List.of(members.get(1), members.get(0))) {
                long restartStart = System.nanoTime();
                member.stop();
                Await.until(Duration.ofSeconds(30), () -> publications.members() == 1, "a member left");
                member.start();
                Await.until(Duration.ofSeconds(30), () -> publications.members() == 2, "it joined again");
                restartMillis.add(millisSince(restartStart));
                System.out.printf("multi-member rolling restart: a member stopped and started again in %d ms%n",
                        restartMillis.get(restartMillis.size() - 1));
                int now = writers.acknowledged().size();
                Await.until(Duration.ofSeconds(30), () -> writers.acknowledged().size() >= now + 50,
                        "writes after the restart");
            }
            writers.stop();
            writers.awaitDone(Duration.ofSeconds(60));
            long last = currentRevision(namespace, 0);
            for (App app : List.of(viaFirst, viaSecond)) {
                app.awaitRevision(last, PROPAGATION_BOUND);
            }
            reading.set(false);
            List<Long> readCounts = new ArrayList<>();
            for (Future<Long> read : reads) {
                readCounts.add(read.get(30, TimeUnit.SECONDS)); // fails with what a reader saw go wrong
            }
            Map<String, String> stored = entries(namespace, 1);
            for (App app : List.of(viaFirst, viaSecond)) {
                app.assertInOrder(writers);
                assertEquals(List.of(), app.source.rejections(), app.name + " refused nothing");
                assertEquals(stored, app.entries(), app.name + " holds the database's entries");
            }
            assertHistory(namespace, last, writers.acknowledged().keySet());
            assertEquals(List.of(), publications.takeBackwards(),
                    "a restarted member published older content than the map held");
            System.out.printf("multi-member rolling restart: each member stopped and started (%s ms each) while %d "
                    + "writes were acknowledged; apps read %s times, never an error or an older revision, and "
                    + "ended at revision %d%n", restartMillis, writers.acknowledged().size(), readCounts, last);
        } finally {
            reading.set(false);
            readers.shutdownNow();
            writers.stop();
        }
    }

    // ---- the cluster as the tests see it ----

    /** Starts what an earlier test left stopped, and waits until both members form one cluster. */
    @Test
    @Order(5)
    void aClientHoldingTheOrderingLockOrForgingItsRecordsStopsNoPublication() throws Exception {
        bothMembersUp();
        String namespace = "lock-rogue";
        createNamespace(namespace);
        App app = connect("lock-rogue-app", namespace, 0);
        HazelcastInstance stranger = HazelcastClient.newHazelcastClient(Strangers.plainClient(clusterName,
                clientAddresses));
        try {
            IMap<Object, Object> lastPuts = stranger.getMap("liveconfig.server.last-puts");
            // A record far ahead that no server signed, and the lock of the change map's put, held.
            PartitionAwareKey<String, String> snapshotKey = new PartitionAwareKey<>(
                    "liveconfig.snapshots/" + namespace, namespace);
            lastPuts.set(snapshotKey, "{\"namespace\":\"" + namespace + "\",\"kind\":\"snapshot\",\"epoch\":999,"
                    + "\"base\":-1,\"revision\":999,\"deleted\":false,\"hash\":\"x\",\"key\":null,\"signature\":null}");
            PartitionAwareKey<String, String> changeKey = new PartitionAwareKey<>("liveconfig.changes/" + namespace,
                    namespace);
            lastPuts.lock(changeKey);

            long start = System.nanoTime();
            HttpResponse<String> put = members.get(0).send("PUT", "/api/v1/namespaces/" + namespace
                    + "/entries/k", "{\"value\":\"through\"}");
            assertEquals(200, put.statusCode(), put.body());
            long revision = Long.parseLong(put.headers().firstValue("ETag").orElseThrow().replace("\"", ""));
            app.awaitRevision(revision, Duration.ofSeconds(30));
            assertEquals("through", app.entries().get("k"));
            System.out.printf("multi-member rogue lock: a write reached the app %d ms after it was sent, the lock "
                    + "taken by force%n", millisSince(start));
            assertTrue(Files.readString(members.get(0).log()).contains("LIVECONFIG-0226"), "the forced lock is logged");
        } finally {
            stranger.shutdown();
        }
    }

    private static void bothMembersUp() throws InterruptedException {
        for (ServerProcess member : members) {
            if (!member.isRunning()) {
                member.start();
            }
        }
        Await.until(Duration.ofSeconds(30), () -> publications.members() == 2, "both members in one cluster");
    }

    private App connect(String name, String namespace, int preferred) {
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < clientAddresses.size(); i++) {
            addresses.add(clientAddresses.get((preferred + i) % clientAddresses.size()));
        }
        App app = new App(name, namespace, addresses,
                members.stream().filter(ServerProcess::isRunning).findFirst().orElseThrow().trustedKeys());
        apps.add(app);
        return app;
    }

    /** Creates a namespace through a member that runs. */
    private static void createNamespace(String name) throws Exception {
        ServerProcess running = members.stream().filter(ServerProcess::isRunning).findFirst().orElseThrow();
        HttpResponse<String> created = running.send("POST", "/api/v1/namespaces", "{\"name\":\"" + name
                + "\"}");
        assertEquals(201, created.statusCode(), created.body());
    }

    private static Map<String, String> entries(String namespace, int member) throws Exception {
        HttpResponse<String> response = members.get(member).send("GET", "/api/v1/namespaces/" + namespace
                + "/entries", null);
        assertEquals(200, response.statusCode(), response.body());
        Map<String, String> entries = new HashMap<>();
        JSON.readTree(response.body()).get("entries").fields()
                .forEachRemaining(entry -> entries.put(entry.getKey(), entry.getValue().asText()));
        return entries;
    }

    private static long currentRevision(String namespace, int member) throws Exception {
        HttpResponse<String> response = members.get(member).send("GET", "/api/v1/namespaces/" + namespace, null);
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body()).get("revision").asLong();
    }

    /**
     * Asserts that the namespace's history is revisions 1 to last without gap or repeat: the creation, then changes
     * only (no restore, no other kind), and holds every acknowledged revision.
     */
    private static void assertHistory(String namespace, long last, Set<Long> acknowledged) throws Exception {
        Map<Long, String> kinds = new HashMap<>();
        List<Long> order = new ArrayList<>();
        for (int page = 0; page < 100; page++) {
            HttpResponse<String> response = members.get(1).send("GET", "/api/v1/namespaces/" + namespace
                    + "/revisions?size=500&page=" + page, null);
            assertEquals(200, response.statusCode(), response.body());
            JsonNode body = JSON.readTree(response.body());
            for (JsonNode revision : body.get("revisions")) {
                order.add(revision.get("revision").asLong());
                kinds.put(revision.get("revision").asLong(), revision.get("kind").asText());
            }
            if (body.get("nextPage") == null) {
                break;
            }
        }
        List<Long> expected = new ArrayList<>(range(1, last).descendingSet());
        assertEquals(expected, order, "the history is revisions " + last + " down to 1, each once");
        assertEquals("create", kinds.get(1L));
        Map<String, Long> otherKinds = kinds.entrySet().stream().filter(k -> k.getKey() > 1)
                .collect(Collectors.groupingBy(Map.Entry::getValue, Collectors.counting()));
        assertEquals(Set.of("change"), otherKinds.keySet(), "every later revision is a change: " + otherKinds);
        assertTrue(kinds.keySet().containsAll(acknowledged), "every acknowledged revision is in the history");
    }

    private static TreeSet<Long> range(long from, long to) {
        TreeSet<Long> range = new TreeSet<>();
        for (long r = from; r <= to; r++) {
            range.add(r);
        }
        return range;
    }

    private static long revisionOf(HttpResponse<String> response) {
        return Long.parseLong(response.headers().firstValue("ETag").orElseThrow().replace("\"", ""));
    }

    /** How many lines of all the members' logs carry a message code. */
    private static int count(String code) {
        return members.stream().mapToInt(member -> lines(member, code).size()).sum();
    }

    /** Per member, its log lines saying it published namespaces again on a repair. */
    private static Map<Integer, List<String>> republished() {
        Map<Integer, List<String>> lines = new LinkedHashMap<>();
        for (int i = 0; i < members.size(); i++) {
            lines.put(i, lines(members.get(i), REPUBLISHED).stream()
                    .map(line -> line.substring(line.indexOf(REPUBLISHED) + REPUBLISHED.length() + 2)).toList());
        }
        return lines;
    }

    private static List<String> lines(ServerProcess member, String code) {
        try {
            return Files.readAllLines(member.log()).stream().filter(line -> line.contains(code)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * When the member's log first said another member left after the given time, in milliseconds after it, from the
     * log's timestamps (this machine's clock and zone); -1 if it has not.
     */
    private static long leftAfter(ServerProcess member, Instant since) {
        DateTimeFormatter stamp = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");
        return lines(member, "(member left: ").stream()
                .map(line -> LocalDateTime.parse(line.substring(0, 23), stamp).atZone(ZoneId.systemDefault())
                        .toInstant())
                .filter(at -> at.isAfter(since)).findFirst().map(at -> Duration.between(since, at).toMillis())
                .orElse(-1L);
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    // ---- writers ----

    /**
     * Writers of one namespace: each write is a change set of a key of its own and {@value #LAST}, both set to a value
     * of its own. Writer {@code w} starts at member {@code w % 2}; it alternates between members write by write, or
     * stays with its member; either way, a write its member does not answer goes to the next member.
     */
    private static final class Writers {

        /** An acknowledged write: the revision the server answered and the value of {@value #LAST} it set. */
        record Ack(long revision, String key, String value, long atNanos) {
        }

        private static final int ATTEMPTS_PER_WRITE = 40;

        private final String namespace;
        private final int count;
        private final int writesEach;
        private final boolean alternate;
        private final Map<Long, Ack> acknowledged = new ConcurrentHashMap<>();
        private final AtomicInteger unanswered = new AtomicInteger();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final ExecutorService pool;
        private final List<Future<?>> running = new ArrayList<>();
        private Duration pause = Duration.ZERO;

        Writers(String namespace, int count, int writesEach, boolean alternate) {
            this.namespace = namespace;
            this.count = count;
            this.writesEach = writesEach;
            this.alternate = alternate;
            this.pool = count == 0 ? null : Executors.newFixedThreadPool(count);
        }

        /**
         * Makes each writer pause between writes: under steady load rather than flat out, so that members starting
         * meanwhile get their share of the two cores.
         */
        Writers paced(Duration value) {
            pause = value;
            return this;
        }

        /** The acknowledged writes of several groups of writers of one namespace. */
        static Writers union(Writers... groups) {
            Writers union = new Writers(groups[0].namespace, 0, 0, false);
            for (Writers group : groups) {
                union.acknowledged.putAll(group.acknowledged);
            }
            return union;
        }

        void start() {
            String run = UUID.randomUUID().toString().substring(0, 8);
            for (int w = 0; w < count; w++) {
                int writer = w;
                running.add(pool.submit(() -> {
                    for (int i = 0; i < writesEach && !stop.get(); i++) {
                        int member = alternate ? (writer + i) % members.size() : writer % members.size();
                        write(member, "w" + writer + "-" + run + ".k" + i, "w" + writer + "-" + run + "-" + i);
                        if (!pause.isZero()) {
                            Thread.sleep(pause.toMillis());
                        }
                    }
                    return null;
                }));
            }
        }

        private void write(int preferred, String key, String value) throws Exception {
            String body = JSON.writeValueAsString(Map.of("put", Map.of(key, value, LAST, value)));
            for (int attempt = 0; attempt < ATTEMPTS_PER_WRITE; attempt++) {
                ServerProcess member = members.get((preferred + attempt) % members.size());
                try {
                    HttpResponse<String> response = member.send("POST", "/api/v1/namespaces/" + namespace
                            + "/changes", body);
                    if (response.statusCode() == 200) {
                        long revision = revisionOf(response);
                        Ack previous = acknowledged.put(revision, new Ack(revision, key, value, System.nanoTime()));
                        assertTrue(previous == null, "revision " + revision + " acknowledged twice");
                        return;
                    }
                    // A member shutting down answers 503; anything else is a refusal, a defect here.
                    assertTrue(response.statusCode() >= 500, "write refused: " + response.body());
                } catch (IOException e) {
                    // not listening (stopped or killed), or gone during the request: maybe committed, never answered
                }
                unanswered.incrementAndGet();
                if (attempt % members.size() == members.size() - 1) {
                    Thread.sleep(100); // no member answered: give one a moment to come up
                }
            }
            throw new AssertionError("no member acknowledged a write within " + ATTEMPTS_PER_WRITE + " attempts");
        }

        void stop() {
            stop.set(true);
        }

        /** Waits for every writer to finish (failing with a writer's failure) and ends the pool. */
        void awaitDone(Duration bound) throws Exception {
            long deadline = System.nanoTime() + bound.toNanos();
            try {
                for (Future<?> writer : running) {
                    writer.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                }
            } finally {
                stop.set(true);
                pool.shutdownNow();
            }
        }

        Map<Long, Ack> acknowledged() {
            return acknowledged;
        }

        /** Key to value of each acknowledged write. */
        Map<String, String> acknowledgedKeys() {
            return acknowledged.values().stream().collect(Collectors.toMap(Ack::key, Ack::value));
        }

        long acknowledgedAfter(long nanos) {
            return acknowledged.values().stream().filter(ack -> ack.atNanos() - nanos > 0).count();
        }

        /** Attempts that got no answer (or a 5xx) and went to the next member. */
        int unanswered() {
            return unanswered.get();
        }
    }

    // ---- apps ----

    /**
     * An app reading one namespace through a LiveConfig source, given both members' addresses with its own member
     * first, that records every change it applies.
     */
    private static final class App implements Consumer<ConfigChange>, AutoCloseable {

        /**
         * One applied change: the revisions it went from and to, the value of {@value #LAST} it brought, and when it
         * was applied.
         */
        record Seen(long from, long to, String last, long atNanos) {
        }

        private final String name;
        private final String namespace;
        private final LiveConfigSource source;
        private final Path snapshots;
        private final List<Seen> seen = new ArrayList<>();

        App(String name, String namespace, List<String> addresses, List<String> trustedKeys) {
            this.name = name;
            this.namespace = namespace;
            this.snapshots = TempDirectories.create("liveconfig-multi-member-" + name);
            this.source = LiveConfigSource.connect(new LiveConfigSettings(List.of(namespace), clusterName, addresses,
                    Duration.ofSeconds(10), LiveConfigSettings.DEFAULT_ORDINAL, Duration.ofSeconds(30), snapshots,
                    LiveConfigSettings.Startup.FAIL, name, trustedKeys, false));
            source.addListener(this);
        }

        @Override
        public synchronized void accept(ConfigChange change) {
            // Not among the changes, it kept its value: a re-read can jump from a write's first attempt (committed,
            // unanswered) over another writer's write to the retry, which set the same value again.
            String last = change.changes().stream().filter(c -> LAST.equals(c.key())).map(c -> c.newValue())
                    .findFirst().orElse(seen.isEmpty() ? null : seen.get(seen.size() - 1).last());
            seen.add(new Seen(change.oldRevision(), change.newRevision(), last, System.nanoTime()));
        }

        synchronized int changes() {
            return seen.size();
        }

        /** When this app first applied a change after the given time, in milliseconds after it; -1 if it did not. */
        synchronized long firstChangeAfter(long nanos) {
            return seen.stream().filter(change -> change.atNanos() - nanos > 0).findFirst()
                    .map(change -> (change.atNanos() - nanos) / 1_000_000).orElse(-1L);
        }

        long revision() {
            return source.snapshot(namespace).map(Snapshot::revision).orElse(-1L);
        }

        Map<String, String> entries() {
            return source.snapshot(namespace).orElseThrow().entries();
        }

        void awaitRevision(long revision, Duration bound) throws InterruptedException {
            Await.until(bound, () -> revision() >= revision, name + " reaches revision " + revision + " (holds "
                    + revision() + ")");
        }

        /**
         * Asserts that the changes this app applied went forwards only, each from where the one before ended, and that
         * each brought the content that the write acknowledged at its revision set.
         * <p>
         * Listeners hear only of revisions that changed a value. A write retried at another member after its first
         * attempt committed without an answer commits the same values again, a revision that changes nothing: the next
         * change then starts from it. Where that revision's write is known, it must have set what was held.
         */
        synchronized void assertInOrder(Writers writers) {
            assertTrue(!seen.isEmpty(), name + " applied no change");
            for (int i = 0; i < seen.size(); i++) {
                Seen change = seen.get(i);
                assertTrue(change.to() > change.from(), name + " went backwards: " + change);
                if (i > 0) {
                    Seen before = seen.get(i - 1);
                    assertTrue(change.from() >= before.to(), name + " applied " + change + " after " + before);
                    Writers.Ack unchanged = writers.acknowledged().get(change.from());
                    if (change.from() > before.to() && unchanged != null) {
                        assertEquals(before.last(), unchanged.value(), name + " applied " + change + " after "
                                + before + ": revision " + change.from() + " changed a value it never heard of");
                    }
                }
                Writers.Ack ack = writers.acknowledged().get(change.to());
                if (ack != null) {
                    assertEquals(ack.value(), change.last(), name + " at revision " + change.to()
                            + " holds what that revision's write set");
                }
            }
        }

        /**
         * Reads the namespace as an app's code would, about every millisecond while the flag is up, and fails on a
         * missing value or a revision below one read before; bounded to five minutes.
         *
         * @return how many reads it made
         */
        long readContinuously(AtomicBoolean running) {
            long reads = 0;
            long highest = revision();
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (running.get() && System.nanoTime() - deadline < 0) {
                long revision = revision();
                String value = source.getValue(LAST);
                if (revision > 1) {
                    assertNotNull(value, name + " read no value at revision " + revision);
                }
                assertTrue(revision >= highest, name + " read revision " + revision + " after " + highest);
                highest = revision;
                reads++;
                LockSupport.parkNanos(1_000_000);
            }
            return reads;
        }

        @Override
        public void close() {
            source.close();
            TempDirectories.delete(snapshots);
        }
    }
}

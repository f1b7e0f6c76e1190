package io.liveconfig.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import io.liveconfig.testing.Await;
import io.liveconfig.testing.ServerProcess;
import io.liveconfig.testing.TempDirectories;
import io.liveconfig.testing.ThrowawayDatabase;

/**
 * Cuts the power under the database while writers run: every process writing it dies by SIGKILL and its files go back
 * to what its syncs had made durable ({@link PowerCut}), then the database and the server start again. Every write that
 * got a 2xx must be there with its value: the server may only answer once the write is on stable storage. The README's
 * test command runs it on the embedded database, {@code -Dtesting.database=postgresql} on a private PostgreSQL cluster
 * with the shim in its postmaster.
 */
class PowerCutTest {

    private static final Pattern REVISION = Pattern.compile("\"revision\":(\\d+)");
    private static final String NAMESPACE = "powercut";
    private static final int WRITERS = 4;
    private static final int ACKNOWLEDGED_BEFORE_CUT = 300;
    private static final int MAX_WRITES_EACH = 5_000;

    /** Acknowledged writes: key -> value, and the revision each answer carried. */
    private final Map<String, String> acknowledged = new ConcurrentHashMap<>();
    private final Map<String, Long> revisions = new ConcurrentHashMap<>();

    @Test
    @DisabledIfSystemProperty(named = ThrowawayDatabase.BUILD_PROPERTY, matches = "postgresql")
    void embeddedDatabaseKeepsAcknowledgedWritesThroughPowerCut() throws Exception {
        Path root = TempDirectories.create("liveconfig-power-cut");
        Path data = Files.createDirectory(root.resolve("data"));
        PowerCut cut = PowerCut.over(data);
        cut.markDurable();
        try (ServerProcess server = ServerProcess.builder(appDir()).dataDir(data).environment(cut.environment())
                .start()) {
            writeUntilPowerCut(server, () -> {
                server.kill();
                System.out.println("power cut (embedded): " + cut.restore());
            });
            checkAfterRestart(server, "embedded");
        } finally {
            TempDirectories.delete(root);
        }
    }

    @Test
    @EnabledIfSystemProperty(named = ThrowawayDatabase.BUILD_PROPERTY, matches = "postgresql")
    void postgresqlKeepsAcknowledgedWritesThroughPowerCut() throws Exception {
        try (PrivatePostgres postgres = PrivatePostgres.initdb()) {
            PowerCut cut = PowerCut.over(postgres.dataDir());
            cut.markDurable();
            postgres.start(cut.environment());
            try (ServerProcess server = ServerProcess.builder(appDir())
                    .database(ThrowawayDatabase.at(postgres.jdbcUrl())).start()) {
                writeUntilPowerCut(server, () -> {
                    List<ProcessHandle> frozen = postgres.freeze();
                    server.kill();
                    postgres.kill(frozen);
                    System.out.println("power cut (postgresql): " + cut.restore());
                    postgres.start(Map.of());
                });
                postgres.log().lines().filter(line -> line.contains("redo") || line.contains("recovery"))
                        .forEach(System.out::println);
                assertTrue(postgres.log().contains("automatic recovery in progress"),
                        "PostgreSQL did not recover from a crash: was it cut at all?\n" + postgres.log());
                checkAfterRestart(server, "postgresql");
            }
        }
    }

    private static Path appDir() {
        return Path.of(System.getProperty("liveconfig.server.app-dir"));
    }

    /** What the power cut does once enough writes are acknowledged; it leaves the database ready to start again. */
    private interface Cut {
        void run() throws Exception;
    }

    private void writeUntilPowerCut(ServerProcess server, Cut cut) throws Exception {
        assertEquals(201, server.send("POST", "/api/v1/namespaces", "{\"name\":\"" + NAMESPACE + "\"}").statusCode());
        AtomicBoolean cutting = new AtomicBoolean();
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        try {
            List<Future<?>> running = IntStream.range(0, WRITERS)
                    .mapToObj(w -> writers.submit(() -> write(server, w, cutting)))
                    .<Future<?>>map(f -> f)
                    .toList();
            Await.until(Duration.ofSeconds(60), () -> acknowledged.size() >= ACKNOWLEDGED_BEFORE_CUT,
                    ACKNOWLEDGED_BEFORE_CUT + " acknowledged writes");
            cutting.set(true);
            cut.run();
            for (Future<?> writer : running) {
                writer.get(60, TimeUnit.SECONDS);
            }
        } finally {
            writers.shutdownNow();
        }
    }

    /** Writes distinct keys until the power cut or the bound; records each 2xx. */
    private void write(ServerProcess server, int writer, AtomicBoolean cutting) {
        for (int i = 0; i < MAX_WRITES_EACH && !cutting.get(); i++) {
            String key = "w" + writer + ".k" + i;
            String value = "v" + i;
            try {
                HttpResponse<String> response = server.send("PUT",
                        "/api/v1/namespaces/" + NAMESPACE + "/entries/" + key, "{\"value\":\"" + value + "\"}");
                if (response.statusCode() / 100 == 2) {
                    Matcher revision = REVISION.matcher(response.body());
                    assertTrue(revision.find(), response.body());
                    revisions.put(key, Long.parseLong(revision.group(1)));
                    acknowledged.put(key, value);
                }
            } catch (IOException e) {
                if (cutting.get()) {
                    return; // the server is gone: unacknowledged writes may or may not be there
                }
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void checkAfterRestart(ServerProcess server, String database) throws Exception {
        int total = acknowledged.size();
        try {
            server.start();
        } catch (IllegalStateException e) {
            fail("The server did not start after the power cut (" + database + "), so all " + total
                    + " acknowledged writes are unavailable: " + e.getMessage());
        }
        HttpResponse<String> namespace = server.send("GET", "/api/v1/namespaces/" + NAMESPACE + "/entries", null);
        if (namespace.statusCode() == 404) {
            report(database, total, total, "the namespace is gone: the server started silently empty");
        }
        assertEquals(200, namespace.statusCode(), namespace.body());
        String entries = namespace.body();
        List<String> lost = new ArrayList<>();
        acknowledged.forEach((key, value) -> {
            if (!entries.contains("\"" + key + "\":\"" + value + "\"")) {
                lost.add(key + "=" + value + "@" + revisions.get(key));
            }
        });
        if (!lost.isEmpty()) {
            report(database, total, lost.size(), "for example " + lost.subList(0, Math.min(5, lost.size())));
        }
        Matcher revision = REVISION.matcher(entries);
        assertTrue(revision.find(), entries);
        long highest = revisions.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        assertTrue(Long.parseLong(revision.group(1)) >= highest,
                "revision " + revision.group(1) + " after the power cut, but " + highest + " was acknowledged");
        System.out.printf("power cut (%s, names %s): %d acknowledged writes, all present after restart%n", database,
                System.getProperty(PowerCut.NAMES_PROPERTY, "posix"), total);
    }

    private static void report(String database, int total, int lost, String detail) {
        String message = String.format("power cut (%s, names %s): %d of %d acknowledged writes lost; %s", database,
                System.getProperty(PowerCut.NAMES_PROPERTY, "posix"), lost, total, detail);
        System.out.println(message);
        fail(message);
    }
}

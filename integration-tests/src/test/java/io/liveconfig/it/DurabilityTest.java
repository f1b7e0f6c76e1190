package io.liveconfig.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
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

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.liveconfig.protocol.Snapshot;
import io.liveconfig.source.LiveConfigSettings;
import io.liveconfig.source.LiveConfigSource;
import io.liveconfig.testing.Await;
import io.liveconfig.testing.ServerProcess;
import io.liveconfig.testing.ThrowawayDatabase;

/**
 * Kills the server process with SIGKILL while writers are running, restarts it, and checks that every write that got a
 * 2xx is there, with its revision, in the database and in the published snapshot.
 */
@ExtendWith(SharedServer.class)
class DurabilityTest {

    private static final Pattern REVISION = Pattern.compile("\"revision\":(\\d+)");
    private static final int WRITERS = 4;
    private static final int MAX_WRITES_EACH = 5_000;

    private static ServerProcess server;

    /** Acknowledged writes: key -> "value@revision". */
    private final Map<String, String> acknowledged = new ConcurrentHashMap<>();

    @BeforeAll
    static void useSharedServer(ServerProcess shared) {
        server = shared;
    }

    @Test
    void everyAcknowledgedWriteSurvivesKillMinusNine() throws Exception {
        assertEquals(201, server.send("POST", "/api/v1/namespaces", "{\"name\":\"durable\"}").statusCode());
        AtomicBoolean crashed = new AtomicBoolean();
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        try {
            List<Future<?>> running = java.util.stream.IntStream.range(0, WRITERS)
                    .mapToObj(w -> writers.submit(() -> write(w, crashed)))
                    .<Future<?>>map(f -> f)
                    .toList();
            Await.within(Duration.ofSeconds(20), () -> acknowledged.size() >= 200);
            crashed.set(true);
            server.kill();
            for (Future<?> writer : running) {
                writer.get(60, TimeUnit.SECONDS);
            }
        } finally {
            writers.shutdownNow();
        }
        assertTrue(acknowledged.size() >= 200, "writers got only " + acknowledged.size() + " answers before the kill");

        server.start();

        String entries = server.send("GET", "/api/v1/namespaces/durable/entries", null).body();
        long maxRevision = 0;
        for (Map.Entry<String, String> write : acknowledged.entrySet()) {
            String[] valueAtRevision = write.getValue().split("@");
            assertTrue(entries.contains("\"" + write.getKey() + "\":\"" + valueAtRevision[0] + "\""),
                    "acknowledged write " + write + " is missing after the crash");
            long revision = Long.parseLong(valueAtRevision[1]);
            maxRevision = Math.max(maxRevision, revision);
            HttpResponse<String> history = server.send("GET", "/api/v1/namespaces/durable/revisions/" + revision, null);
            assertEquals(200, history.statusCode());
            assertTrue(history.body().contains("\"key\":\"" + write.getKey() + "\""),
                    "revision " + revision + " does not record " + write.getKey());
        }

        LiveConfigSettings reader = LiveConfigSettings.of(List.of("durable"), server.clusterName(),
                List.of(server.clientAddress()), server.trustedKeys());
        try (LiveConfigSource source = LiveConfigSource.connect(reader)) {
            Snapshot published = source.snapshot("durable").orElseThrow();
            assertTrue(published.revision() >= maxRevision);
            for (Map.Entry<String, String> write : acknowledged.entrySet()) {
                assertEquals(write.getValue().split("@")[0], published.entries().get(write.getKey()));
            }
        }
        System.out.printf("kill -9 durability: %d acknowledged writes, all present after restart (%s)%n",
                acknowledged.size(), System.getProperty(ThrowawayDatabase.BUILD_PROPERTY, "embedded"));
    }

    /** Writes distinct keys until the server dies or the bound is reached; records each 2xx. */
    private void write(int writer, AtomicBoolean crashed) {
        for (int i = 0; i < MAX_WRITES_EACH; i++) {
            String key = "w" + writer + ".k" + i;
            String value = "v" + i;
            try {
                HttpResponse<String> response = server.send("PUT", "/api/v1/namespaces/durable/entries/" + key,
                        "{\"value\":\"" + value + "\"}");
                if (response.statusCode() == 200) {
                    Matcher revision = REVISION.matcher(response.body());
                    assertTrue(revision.find());
                    acknowledged.put(key, value + "@" + revision.group(1));
                }
            } catch (IOException e) {
                if (crashed.get()) {
                    return; // the server is gone: unacknowledged writes may or may not be there
                }
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}

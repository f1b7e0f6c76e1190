package io.liveconfig.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.liveconfig.testing.ServerProcess;

/**
 * A namespace filled near its byte quota (liveconfig.limits.bytes-per-namespace, 16 MiB by default) read by several
 * callers at once, on a server with a small heap: every answer is the whole namespace or a proper refusal, and the
 * server stays healthy. Prints the heap it measured.
 */
class LargeReadMemoryTest {

    private static final String HEAP = "192m";
    private static final int VALUE_BYTES = 60_000;
    /** Keys per change set: about 960 kB, under the 1 MiB body limit. */
    private static final int KEYS_PER_WRITE = 16;
    private static final int READERS = 4;
    private static final int READS = 12;

    private static ServerProcess server;

    @BeforeAll
    static void startServer() {
        server = ServerProcess.builder(Path.of(System.getProperty("liveconfig.server.app-dir"))).heap(HEAP).start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void parallelLargeReadsStayWithinASmallHeap() throws Exception {
        assertEquals(201, server.send("POST", "/api/v1/namespaces", "{\"name\":\"large\"}").statusCode());
        String value = "v".repeat(VALUE_BYTES);
        int keys = 0;
        // 16 MiB of 60,000-byte values is under 300 keys: twice that many writes without the quota's refusal fails.
        for (int writes = 0;; writes++) {
            assertTrue(writes < 40, "no refusal by liveconfig.limits.bytes-per-namespace after " + keys + " keys");
            StringBuilder body = new StringBuilder("{\"put\":{");
            for (int i = 0; i < KEYS_PER_WRITE; i++) {
                body.append(i == 0 ? "" : ",").append("\"key").append(keys + i).append("\":\"").append(value)
                        .append('"');
            }
            HttpResponse<String> write = server.send("POST", "/api/v1/namespaces/large/changes",
                    body.append("}}").toString());
            if (write.statusCode() == 422) {
                assertTrue(write.body().contains("liveconfig.limits.bytes-per-namespace"), write.body());
                break; // full
            }
            assertEquals(200, write.statusCode(), write.body());
            keys += KEYS_PER_WRITE;
        }
        long stored = (long) keys * (VALUE_BYTES + 8);
        System.out.printf("namespace filled with %d keys, about %.1f MiB; server heap -Xmx%s%n", keys,
                stored / 1048576.0, HEAP);
        assertTrue(stored > 15L * 1024 * 1024, "filled near the quota");

        ExecutorService readers = Executors.newFixedThreadPool(READERS);
        List<Future<Integer>> answers = new ArrayList<>();
        long maxHeap = 0;
        try {
            for (int i = 0; i < READS; i++) {
                answers.add(readers.submit(() -> {
                    HttpResponse<String> read = server.send("GET", "/api/v1/namespaces/large/entries", null);
                    if (read.statusCode() == 200) {
                        assertTrue(read.body().length() > stored, "the whole namespace");
                    } else {
                        assertEquals("application/problem+json", read.headers().firstValue("Content-Type")
                                .orElse(""), "a refusal is a problem");
                    }
                    return read.statusCode();
                }));
            }
            for (int i = 0; i < 20 && !answers.stream().allMatch(Future::isDone); i++) {
                maxHeap = Math.max(maxHeap, heapUsed());
                Thread.sleep(250);
            }
            for (Future<Integer> answer : answers) {
                int status = answer.get(60, TimeUnit.SECONDS);
                assertTrue(status == 200 || status == 503 || status == 429, "status " + status);
            }
        } finally {
            readers.shutdownNow();
        }
        maxHeap = Math.max(maxHeap, heapUsed());
        assertEquals(200, server.send("GET", "/q/health/live", null).statusCode(), "still live");
        assertEquals(200, server.send("GET", "/api/v1/namespaces/large", null).statusCode());
        System.out.printf("%d parallel reads of %d: heap used at most %.1f MiB of %s (jvm_memory_used_bytes, "
                + "sampled)%n", READERS, READS, maxHeap / 1048576.0, HEAP);
    }

    /** The heap in use, from the server's metrics: the sum of jvm_memory_used_bytes over the heap's pools. */
    private static long heapUsed() throws Exception {
        String metrics = server.send("GET", "/q/metrics", null).body();
        double used = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                used += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return (long) used;
    }
}

package io.liveconfig.bench;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import io.liveconfig.testing.ServerProcess;

/**
 * Durable, validated writes per second through the REST API: W writer threads, each sending its next request as soon as
 * the previous one is answered, for a fixed time after a warm-up. Every write is a new revision, committed to the
 * database and published before its response.
 */
public final class WriteThroughputBench {

    /** What a writer sends. */
    public enum Kind {
        SINGLE_KEY("single-key PUT"), CHANGE_SET("10-key change set");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /**
     * One cell of the table.
     *
     * @param sharedNamespace all writers on one namespace (serialised on its row lock), else one namespace each
     * @param serverCpu server process CPU milliseconds per counted write, over the whole cell (NaN if unknown)
     * @param harnessCpu this JVM's CPU milliseconds per counted write (the HTTP clients)
     * @param syncsPerWrite syncs to stable storage per write, over the whole cell (NaN if unknown)
     */
    public record Result(String database, Kind kind, int writers, boolean sharedNamespace, double perSecond,
            Latencies latency, long errors, double serverCpu, double harnessCpu, double syncsPerWrite) {
    }

    private final ServerProcess server;
    private final String database;
    private final Duration warmUp;
    private final Duration duration;
    private final Syncs syncs;
    private int namespaces;

    public WriteThroughputBench(ServerProcess server, String database, Duration warmUp, Duration duration,
            Syncs syncs) {
        this.server = server;
        this.database = database;
        this.warmUp = warmUp;
        this.duration = duration;
        this.syncs = syncs;
    }

    public List<Result> run(int... writerCounts) throws InterruptedException {
        // Unreported: JIT-compiles the server's write path, so that the first cell is not measured cold. Repeated
        // until two cells in a row agree within 5% (at most 8): then the numbers have stopped moving.
        for (Kind kind : Kind.values()) {
            for (int writers : new int[]{1, 16}) {
                double last = 0;
                for (int round = 0; round < 8; round++) {
                    double rate = measure(kind, writers, true).perSecond();
                    if (Math.abs(rate - last) <= 0.05 * rate) {
                        break;
                    }
                    last = rate;
                }
            }
        }
        List<Result> results = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            for (int writers : writerCounts) {
                results.add(measure(kind, writers, true));
                if (writers > 1) {
                    results.add(measure(kind, writers, false));
                }
            }
        }
        return results;
    }

    private Result measure(Kind kind, int writers, boolean shared) throws InterruptedException {
        // Fresh namespaces per cell, so that no cell inherits another's history.
        String prefix = "tp" + (namespaces++);
        List<String> targets = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            String namespace = shared ? prefix : prefix + "-w" + w;
            if (w == 0 || !shared) {
                Rest.createNamespace(server, namespace);
            }
            targets.add(namespace);
        }
        long measureFrom = System.nanoTime() + warmUp.toNanos();
        long end = measureFrom + duration.toNanos();
        AtomicLong done = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        Latencies latency = new Latencies();
        CountDownLatch finished = new CountDownLatch(writers);
        List<Thread> threads = new ArrayList<>();
        long syncsStart = syncs.syncs();
        long serverCpuStart = server.cpuNanos();
        long harnessCpuStart = harnessCpu();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            Thread thread = new Thread(() -> {
                try {
                    write(kind, targets.get(writer), writer, measureFrom, end, done, errors, latency);
                } finally {
                    finished.countDown();
                }
            }, "bench-writer-" + w);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        // Bounded: the writers stop at the end time; a stuck request times out after 60 s.
        finished.await(duration.plus(warmUp).plusSeconds(90).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        threads.forEach(Thread::interrupt);
        double perSecond = done.get() / (duration.toNanos() / 1e9);
        // CPU over warm-up and measurement, per write in both: the writers keep the same pace throughout.
        double writesInCell = Math.max(1, perSecond * (duration.plus(warmUp).toNanos() / 1e9));
        long serverCpuEnd = server.cpuNanos();
        double serverCpu = serverCpuStart < 0 ? Double.NaN : (serverCpuEnd - serverCpuStart) / 1e6 / writesInCell;
        double harnessCpu = (harnessCpu() - harnessCpuStart) / 1e6 / writesInCell;
        Thread.sleep(1_500); // PostgreSQL flushes its statistics about once a second
        long syncsEnd = syncs.syncs();
        double syncsPerWrite = syncsStart < 0 || syncsEnd < 0 ? Double.NaN : (syncsEnd - syncsStart) / writesInCell;
        System.out.printf("writes %-10s %-18s %2d writers %-14s %8.0f/s p50 %s ms p99 %s ms errors %d, CPU/write: "
                + "server %.2f ms, harness %.2f ms, syncs/write %.2f%n", database, kind.label, writers,
                shared ? "one namespace" : "own namespaces", perSecond, Latencies.ms(latency.p50()),
                Latencies.ms(latency.p99()), errors.get(), serverCpu, harnessCpu, syncsPerWrite);
        return new Result(database, kind, writers, shared, perSecond, latency, errors.get(), serverCpu, harnessCpu,
                syncsPerWrite);
    }

    private static long harnessCpu() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private void write(Kind kind, String namespace, int writer, long measureFrom, long end, AtomicLong done,
            AtomicLong errors, Latencies latency) {
        HttpClient http = Rest.client();
        long sequence = 0;
        while (true) {
            long start = System.nanoTime();
            if (start >= end) {
                return;
            }
            sequence++;
            HttpRequest request;
            if (kind == Kind.SINGLE_KEY) {
                // Twenty keys per writer, each write a new value: a real change every time.
                request = server.request("PUT",
                        Rest.entryPath(namespace, "w" + writer + ".key" + (sequence % 20)),
                        Rest.entryBody("value-" + writer + "-" + sequence));
            } else {
                StringBuilder body = new StringBuilder("{\"put\":{");
                for (int k = 0; k < 10; k++) {
                    body.append(k == 0 ? "" : ",").append("\"w").append(writer).append(".set").append(k)
                            .append("\":\"value-").append(writer).append('-').append(sequence).append('"');
                }
                request = server.request("POST", "/api/v1/namespaces/" + namespace + "/changes",
                        body.append("}}").toString());
            }
            try {
                HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                long finish = System.nanoTime();
                if (response.statusCode() != 200) {
                    errors.incrementAndGet();
                } else if (start >= measureFrom && finish <= end) {
                    done.incrementAndGet();
                    latency.add(finish - start);
                }
            } catch (IOException e) {
                errors.incrementAndGet();
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}

package io.liveconfig.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.liveconfig.testing.ServerProcess;

/**
 * Write → visible in every app: a REST PUT of one key, timed from just before the request is sent until the last of N
 * apps returns the new value through SmallRye Config. Each change alternates with a floor round (raw ReplicatedMap put
 * → N client listeners) on the same cluster, so both see the same noise.
 */
public final class PropagationBench {

    static final String NAMESPACE = "propagation";

    /**
     * One row: our latencies and the floor's, for N apps.
     *
     * @param ack the PUT's round trip (sent → response read)
     * @param visible sent → the last app shows the value
     * @param firstVisible sent → the first app shows it
     * @param visibleBeforeAck changes that every app showed before the PUT's response arrived
     */
    public record Result(int apps, Latencies ack, Latencies visible, Latencies firstVisible, Latencies floor,
            Latencies connect, int visibleBeforeAck, int timeouts, Latencies httpGet) {
    }

    private final ServerProcess server;
    private final int changes;
    private final int warmUp;
    private static final int WARM_UP_BATCH = 200;
    private static final int MAX_WARM_UP = 3_000;

    public PropagationBench(ServerProcess server, int changes, int warmUp) {
        this.server = server;
        this.changes = changes;
        this.warmUp = warmUp;
    }

    public List<Result> run(int... appCounts) throws InterruptedException {
        Rest.createNamespace(server, NAMESPACE);
        // A small, realistic namespace: ten other keys ride along in every snapshot.
        StringBuilder put = new StringBuilder("{\"put\":{");
        for (int i = 0; i < 10; i++) {
            put.append(i == 0 ? "" : ",").append("\"app.setting").append(i).append("\":\"value-of-setting-")
                    .append(i).append("-0123456789abcdef\"");
        }
        Rest.expect(server, 200, "POST", "/api/v1/namespaces/" + NAMESPACE + "/changes", put.append("}}").toString());
        Rest.expect(server, 200, "PUT", Rest.entryPath(NAMESPACE, "bench.key"), Rest.entryBody("start"));
        List<Result> results = new ArrayList<>();
        int sequence = 0;
        for (int count : appCounts) {
            Result result = measure(count, sequence);
            sequence += MAX_WARM_UP + WARM_UP_BATCH + changes;
            results.add(result);
            System.out.printf("propagation %2d apps: visible p50 %s p99 %s ms, floor p50 %s p99 %s ms%n", count,
                    Latencies.ms(result.visible.p50()), Latencies.ms(result.visible.p99()),
                    Latencies.ms(result.floor.p50()), Latencies.ms(result.floor.p99()));
        }
        return results;
    }

    /** Timings of one change, in nanoseconds from just before its request was sent. */
    private record Change(long acked, long allSeen, long first, long floor, long httpGet) {
    }

    private Result measure(int count, int sequence) throws InterruptedException {
        HttpClient http = Rest.client();
        Latencies ack = new Latencies();
        Latencies visible = new Latencies();
        Latencies first = new Latencies();
        Latencies floor = new Latencies();
        Latencies httpGet = new Latencies();
        int beforeAck = 0;
        int timeouts = 0;
        try (Apps apps = new Apps(count, NAMESPACE, server);
                FloorClients floorClients = new FloorClients(count, server)) {
            HttpRequest get = server.request("GET", Rest.entryPath(NAMESPACE, "bench.key"), null);
            int next = sequence;
            // Warm-up with these apps connected: every path a measured change takes (server write path, apps' apply,
            // floor clients, this harness) runs in batches until two batches' median agrees within 10%, at least
            // warmUp changes and at most MAX_WARM_UP.
            double lastMedian = 0;
            for (int warmed = 0; warmed < MAX_WARM_UP;) {
                Latencies batch = new Latencies();
                for (int i = 0; i < WARM_UP_BATCH; i++, warmed++) {
                    Change change = change(http, apps, floorClients, get, "v" + next++);
                    if (change != null) {
                        batch.add(change.allSeen());
                    }
                }
                double median = batch.p50();
                if (warmed >= warmUp && Math.abs(median - lastMedian) <= 0.10 * median) {
                    System.out.printf("propagation %2d apps: warm after %d changes (batch p50 %s ms)%n", count,
                            warmed, Latencies.ms(median));
                    break;
                }
                lastMedian = median;
            }
            for (int i = 0; i < changes && timeouts < 10; i++) {
                Change change = change(http, apps, floorClients, get, "v" + next++);
                if (change == null || change.floor() < 0) {
                    timeouts++;
                    continue;
                }
                ack.add(change.acked());
                visible.add(change.allSeen());
                first.add(change.first());
                httpGet.add(change.httpGet());
                floor.add(change.floor());
                if (change.allSeen() <= change.acked()) {
                    beforeAck++;
                }
            }
            return new Result(count, ack, visible, first, floor, apps.connectTimes(), beforeAck, timeouts, httpGet);
        }
    }

    /** One change through the REST API, seen by every app, then by the floor clients; null if apps missed it. */
    private Change change(HttpClient http, Apps apps, FloorClients floorClients, HttpRequest get, String value)
            throws InterruptedException {
        HttpRequest request = server.request("PUT", Rest.entryPath(NAMESPACE, "bench.key"), Rest.entryBody(value));
        Apps.Waiter waiter = apps.expect("bench.key", value);
        long sent = System.nanoTime();
        Rest.expect(http, request, 200);
        long acked = System.nanoTime();
        long allSeen = waiter.awaitAll(Duration.ofSeconds(5));
        if (allSeen < 0) {
            return null;
        }
        long floorNanos = floorClients.change(value);
        long getStart = System.nanoTime();
        Rest.expect(http, get, 200);
        long getNanos = System.nanoTime() - getStart;
        // Changes are rare in life: let each one's after-effects (snapshot saves) settle before the next.
        Thread.sleep(5);
        return new Change(acked - sent, allSeen - sent, waiter.first() - sent, floorNanos, getNanos);
    }
}

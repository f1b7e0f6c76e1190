package io.liveconfig.bench;

import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.hazelcast.core.HazelcastInstance;

import io.liveconfig.protocol.MapNames;
import io.liveconfig.protocol.PublicationSigner;
import io.liveconfig.protocol.Snapshot;
import io.liveconfig.protocol.SnapshotCodec;
import io.liveconfig.protocol.TrustedKeys;
import io.liveconfig.source.LiveConfigSettings;
import io.liveconfig.source.LiveConfigSource;
import io.liveconfig.testing.Await;
import io.liveconfig.testing.ServerProcess;
import io.liveconfig.testing.TempDirectories;
import io.liveconfig.testing.TestTokens;

/**
 * One namespace of 100,000 keys of about 100 bytes each: publishing it, an app applying it, the app's heap for it, and
 * the latency of a single-key change to it.
 */
public final class ScaleBench {

    static final String NAMESPACE = "scale";
    static final String TINY = "scale-tiny";
    /**
     * Keys per import. The server accepts up to 10,000 (ChangeSetRequest.MAX_CHANGES), but 10,000 keys of ~100 bytes
     * are about the default 1 MiB body limit. 5,000 keys is ~0.5 MB.
     */
    static final int PER_IMPORT = 5_000;

    /**
     * @param imports how many imports of {@value #PER_IMPORT} keys published the namespace
     * @param publish sum of the imports' round trips
     * @param lastImport the last import's round trip (the namespace at 90,000 → 100,000 keys)
     * @param liveApply last import sent → a connected app shows its keys
     * @param coldStart a new app's connect() until it serves the 100,000 keys
     * @param rawBytes keys + values, one byte per character (all ASCII)
     * @param heapBytes retained heap of a source holding the namespace minus one holding a one-key namespace
     * @param encodedBytes the published snapshot's size
     * @param encode SnapshotCodec.encode of the namespace in this JVM, per change on the server
     * @param decode SnapshotCodec.decode of it, per change in every app
     */
    public record Result(int keys, int imports, double publish, double lastImport, double liveApply,
            double coldStart, long rawBytes, long heapBytes, long encodedBytes, double encode, double decode,
            Latencies changeAck, Latencies changeVisible, Latencies smallChangeVisible) {
    }

    private final ServerProcess server;
    private final int keys;
    private final int changes;

    public ScaleBench(ServerProcess server, int keys, int changes) {
        this.server = server;
        this.keys = keys;
        this.changes = changes;
    }

    public Result run() throws Exception {
        Rest.createNamespace(server, NAMESPACE);
        Rest.createNamespace(server, TINY);
        Rest.expect(server, 200, "PUT", Rest.entryPath(NAMESPACE, "scale.hot"), Rest.entryBody("start"));
        Rest.expect(server, 200, "PUT", Rest.entryPath(TINY, "scale.hot"), Rest.entryBody("start"));
        HttpClient http = Rest.client();
        long raw = 0;
        double publish = 0;
        double lastImport = 0;
        double liveApply;
        int imports = 0;
        String lastKey = null;
        String lastValue = null;
        try (Apps live = new Apps(1, NAMESPACE, server)) {
            Apps.Waiter waiter = null;
            long lastSent = 0;
            for (int from = 0; from < keys; from += PER_IMPORT) {
                StringBuilder file = new StringBuilder();
                for (int i = from; i < Math.min(keys, from + PER_IMPORT); i++) {
                    lastKey = key(i);
                    lastValue = value(i, 100 - lastKey.length());
                    raw += lastKey.length() + lastValue.length();
                    file.append(lastKey).append('=').append(lastValue).append('\n');
                }
                HttpRequest request = HttpRequest.newBuilder(java.net.URI.create(server.url() + "/api/v1/namespaces/"
                        + NAMESPACE + "/import?format=properties&mode=merge")).timeout(Duration.ofSeconds(120))
                        .header("Content-Type", "text/x-java-properties")
                        .header("Authorization", TestTokens.bearer(TestTokens.ADMIN))
                        .POST(HttpRequest.BodyPublishers.ofString(file.toString(), StandardCharsets.UTF_8)).build();
                if (from + PER_IMPORT >= keys) {
                    waiter = live.expect(lastKey, lastValue); // the snapshot is atomic: its last key means all
                }
                lastSent = System.nanoTime();
                Rest.expect(http, request, 200);
                lastImport = (System.nanoTime() - lastSent) / 1e6;
                publish += lastImport;
                imports++;
            }
            long seen = waiter.awaitAll(Duration.ofSeconds(120));
            if (seen < 0) {
                throw new IllegalStateException("The app did not show the 100,000-key namespace within 120 s");
            }
            liveApply = (seen - lastSent) / 1e6;
            System.out.printf("scale: %d imports, %.0f ms; the app applied within %.0f ms of the last one%n", imports,
                    publish, liveApply);

            // Heap: one source on the big namespace against one on a one-key namespace, each with its own client.
            long tinyHeap = heapWith(TINY, "scale.hot", "start").heap();
            Held big = heapWith(NAMESPACE, lastKey, lastValue);
            long bigHeap = big.heap();
            double coldStart = big.readyMillis();

            // What each change costs to encode (server) and decode (every app), with this namespace's snapshot.
            HazelcastInstance reader = FloorClients.client(server);
            String encoded;
            try {
                encoded = reader.<String, String>getReplicatedMap(MapNames.SNAPSHOTS).get(NAMESPACE);
            } finally {
                reader.shutdown();
            }
            TrustedKeys trust = TrustedKeys.of(server.trustedKeys());
            Snapshot snapshot = SnapshotCodec.decode(encoded, trust).value();
            double decode = median(() -> SnapshotCodec.decode(encoded, trust));
            PublicationSigner signer = PublicationSigner.generate(); // signs as the server does
            double encode = median(() -> SnapshotCodec.encode(snapshot, signer));

            Latencies ack = new Latencies();
            Latencies visible = new Latencies();
            changes(http, live, NAMESPACE, ack, visible);
            Latencies small = new Latencies();
            try (Apps tiny = new Apps(1, TINY, server)) {
                changes(http, tiny, TINY, new Latencies(), small);
            }
            System.out.printf("scale: single-key change visible p50 %s p99 %s ms (one-key namespace: p50 %s ms)%n",
                    Latencies.ms(visible.p50()), Latencies.ms(visible.p99()), Latencies.ms(small.p50()));
            return new Result(keys, imports, publish, lastImport, liveApply, coldStart, raw, bigHeap - tinyHeap,
                    encoded.length(), encode, decode, ack, visible, small);
        }
    }

    /**
     * @param heap used heap after full GCs while the source holds the namespace
     * @param readyMillis connect() until the source served the namespace
     */
    private record Held(long heap, double readyMillis) {
    }

    /** Retained heap with one more source on a namespace, after full GCs; the source is closed afterwards. */
    private Held heapWith(String namespace, String key, String value) throws Exception {
        Path dir = Files.createTempDirectory("liveconfig-bench-heap");
        LiveConfigSettings settings = new LiveConfigSettings(List.of(namespace), server.clusterName(),
                List.of(server.clientAddress()), Duration.ofSeconds(30), LiveConfigSettings.DEFAULT_ORDINAL,
                Duration.ofMinutes(30), dir, LiveConfigSettings.Startup.FAIL, "bench-heap", server.trustedKeys(),
                false);
        long start = System.nanoTime();
        LiveConfigSource source = LiveConfigSource.connect(settings);
        try {
            boolean held = Await.within(Duration.ofSeconds(60), () -> value.equals(source.getValue(key)));
            double ready = (System.nanoTime() - start) / 1e6;
            if (!held) {
                throw new IllegalStateException("A new app did not get namespace " + namespace + " within 60 s");
            }
            return new Held(settledHeap(), ready);
        } finally {
            source.close();
            TempDirectories.delete(dir);
        }
    }

    private void changes(HttpClient http, Apps apps, String namespace, Latencies ack, Latencies visible)
            throws InterruptedException {
        for (int i = 0; i < changes + 3; i++) {
            String value = "hot-" + i;
            Apps.Waiter waiter = apps.expect("scale.hot", value);
            long sent = System.nanoTime();
            HttpResponse<String> response = Rest.expect(http, server.request("PUT",
                    Rest.entryPath(namespace, "scale.hot"), Rest.entryBody(value)), 200);
            long acked = System.nanoTime();
            long seen = waiter.awaitAll(Duration.ofSeconds(30));
            if (seen < 0) {
                throw new IllegalStateException("Change " + response.body() + " not visible within 30 s");
            }
            if (i >= 3) { // three warm-up changes
                ack.add(acked - sent);
                visible.add(seen - sent);
            }
            Thread.sleep(20);
        }
    }

    /**
     * Used heap once the source's after-apply work (saving its copy, computing the change for listeners) is done: the
     * lowest of up to eight measurements 0.5 s apart, stopping when two agree within 256 KiB.
     */
    static long settledHeap() throws InterruptedException {
        long lowest = Long.MAX_VALUE;
        long previous = -1;
        for (int i = 0; i < 8; i++) {
            Thread.sleep(500);
            long used = usedHeapAfterGc();
            lowest = Math.min(lowest, used);
            if (previous >= 0 && Math.abs(used - previous) < 256 * 1024) {
                break;
            }
            previous = used;
        }
        return lowest;
    }

    static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static double median(Runnable work) {
        Latencies times = new Latencies();
        for (int i = 0; i < 7; i++) {
            long start = System.nanoTime();
            work.run();
            times.add(System.nanoTime() - start);
        }
        return times.p50();
    }

    static String key(int i) {
        return "scale.group" + (i % 100) + ".key" + i;
    }

    /** A value that makes key + value {@code total} characters. */
    static String value(int i, int length) {
        StringBuilder value = new StringBuilder("value-").append(i).append('-');
        while (value.length() < length) {
            value.append((char) ('a' + value.length() % 26));
        }
        return value.toString();
    }
}

package io.liveconfig.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.liveconfig.testing.FreePorts;
import io.liveconfig.testing.ServerProcess;
import io.liveconfig.testing.TempDirectories;

/**
 * Start-up cost of the extension: two Quarkus apps (benchmarks/startup-plain and startup-liveconfig), identical but for
 * the extension dependency, each started in JVM mode several times, alternately. Measured from process start to the
 * first 200 of {@code GET /hello}, which reads a config value; Quarkus' own "started in" figure is reported next to it.
 */
public final class StartupBench {

    private static final Pattern STARTED_IN = Pattern.compile("started in ([0-9.]+)s");

    /**
     * @param firstOk process start → first 200, per run
     * @param startedIn Quarkus' "started in" figure, per run
     * @param footprint the process's threads and resident memory at its first 200, per run
     */
    public record Result(String app, Latencies firstOk, Latencies startedIn, Footprints footprint, String greeting) {
    }

    /** Threads and resident set size of the app's process, read from /proc at its first 200 (Linux). */
    public static final class Footprints {
        private final List<Integer> threads = new ArrayList<>();
        private final List<Long> rssKib = new ArrayList<>();

        synchronized void add(long pid) {
            try {
                try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
                    threads.add((int) tasks.count());
                }
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                    if (line.startsWith("VmRSS:")) {
                        rssKib.add(Long.parseLong(line.replaceAll("[^0-9]", "")));
                    }
                }
            } catch (IOException | RuntimeException e) {
                // not Linux: left out
            }
        }

        /** Median thread count, or -1 when unknown. */
        public synchronized int threads() {
            return threads.isEmpty() ? -1 : threads.stream().sorted().toList().get(threads.size() / 2);
        }

        /** Median resident memory in MiB, or -1 when unknown. */
        public synchronized double rssMib() {
            return rssKib.isEmpty() ? -1 : rssKib.stream().sorted().toList().get(rssKib.size() / 2) / 1024.0;
        }
    }

    private final ServerProcess server;
    private final Path plainApp;
    private final Path liveConfigApp;
    private final int runs;

    public StartupBench(ServerProcess server, Path plainApp, Path liveConfigApp, int runs) {
        this.server = server;
        this.plainApp = plainApp;
        this.liveConfigApp = liveConfigApp;
        this.runs = runs;
    }

    public List<Result> run() throws Exception {
        Rest.createNamespace(server, "startup");
        Rest.expect(server, 200, "PUT", Rest.entryPath("startup", "greeting"), Rest.entryBody("from-server"));
        Latencies plainOk = new Latencies();
        Latencies plainStarted = new Latencies();
        Footprints plainFootprint = new Footprints();
        Latencies liveOk = new Latencies();
        Latencies liveStarted = new Latencies();
        Footprints liveFootprint = new Footprints();
        String plainGreeting = null;
        String liveGreeting = null;
        // warms the page cache for both jars' libraries
        start(plainApp, false, new Latencies(), new Latencies(), new Footprints());
        start(liveConfigApp, true, new Latencies(), new Latencies(), new Footprints());
        for (int i = 0; i < runs; i++) {
            plainGreeting = start(plainApp, false, plainOk, plainStarted, plainFootprint);
            liveGreeting = start(liveConfigApp, true, liveOk, liveStarted, liveFootprint);
        }
        System.out.printf("start-up: without %s ms, with %s ms (median to first 200)%n",
                Latencies.ms(plainOk.p50()), Latencies.ms(liveOk.p50()));
        return List.of(new Result("without the extension", plainOk, plainStarted, plainFootprint, plainGreeting),
                new Result("with the extension", liveOk, liveStarted, liveFootprint, liveGreeting));
    }

    /** Starts the app, waits for the first 200, records both times and stops it. */
    private String start(Path app, boolean liveConfig, Latencies firstOk, Latencies startedIn, Footprints footprint)
            throws Exception {
        int port = FreePorts.next();
        Path log = Files.createTempFile("liveconfig-bench-app", ".log");
        Path snapshots = Files.createTempDirectory("liveconfig-bench-startup");
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                        "-Dquarkus.http.port=" + port, "-Dquarkus.http.host=127.0.0.1"));
        if (liveConfig) {
            command.addAll(List.of("-Dquarkus.liveconfig.cluster-name=" + server.clusterName(),
                    "-Dquarkus.liveconfig.addresses=" + server.clientAddress(),
                    "-Dquarkus.liveconfig.snapshot-dir=" + snapshots,
                    "-Dquarkus.liveconfig.trust.public-keys=" + String.join(",", server.trustedKeys())));
        }
        command.addAll(List.of("-jar", app.resolve("quarkus-run.jar").toString()));
        HttpClient http = Rest.client();
        HttpRequest hello = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hello"))
                .timeout(Duration.ofSeconds(2)).build();
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
        try {
            long deadline = start + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(app + " exited with " + process.exitValue() + "; log: " + log);
                }
                try {
                    HttpResponse<String> response = http.send(hello, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200) {
                        firstOk.add(System.nanoTime() - start);
                        footprint.add(process.pid());
                        startedIn(log).ifPresent(seconds -> startedIn.add((long) (seconds * 1e9)));
                        Files.deleteIfExists(log); // kept when the start fails, for its message
                        return response.body();
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                Thread.sleep(5);
            }
            throw new IllegalStateException(app + " did not answer within 60 s; log: " + log);
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            TempDirectories.delete(snapshots);
        }
    }

    private static Optional<Double> startedIn(Path log) throws IOException, InterruptedException {
        // The line may be written just after the first request is served: read the log a few times.
        for (int i = 0; i < 50; i++) {
            Matcher matcher = STARTED_IN.matcher(Files.readString(log));
            if (matcher.find()) {
                return Optional.of(Double.parseDouble(matcher.group(1)));
            }
            Thread.sleep(10);
        }
        return Optional.empty();
    }
}

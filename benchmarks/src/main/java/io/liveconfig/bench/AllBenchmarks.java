package io.liveconfig.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.liveconfig.testing.ServerProcess;
import io.liveconfig.testing.ThrowawayDatabase;

/**
 * Runs every benchmark of issue 5 and writes one report: the JMH read path, then propagation, write throughput, a
 * 100,000-key namespace and start-up cost, each against real server processes on loopback, each figure next to its
 * baseline from the same run. Prints the report and writes it to {@code --doc} (docs/benchmarks.md).
 * <p>
 * Arguments: {@code --root <project dir>} (default .), {@code --doc <file>} (default none), {@code --only
 * read,propagation,writes,scale,startup} (default all).
 */
public final class AllBenchmarks {

    private static final List<String> ALL_PARTS = List.of("read", "propagation", "writes", "scale", "startup");

    private AllBenchmarks() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(".");
        Path doc = null;
        Set<String> parts = new HashSet<>(ALL_PARTS);
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--root" -> root = Path.of(args[i + 1]);
                case "--doc" -> doc = Path.of(args[i + 1]);
                case "--only" -> parts = new HashSet<>(List.of(args[i + 1].split(",")));
                default -> throw new IllegalArgumentException("Unknown argument " + args[i]);
            }
        }
        quietLogging();
        long started = System.nanoTime();
        Path serverApp = root.resolve("server/target/quarkus-app");
        Report report = new Report(Machine.describe(), LocalDate.now());

        if (parts.contains("read")) {
            report.readPath = ReadPathRun.run(2, 3);
        }
        if (parts.contains("propagation") || parts.contains("writes") || parts.contains("startup")) {
            try (ServerProcess server = start(serverApp, ThrowawayDatabase.embedded(), "256m")) {
                if (parts.contains("propagation")) {
                    report.propagation = new PropagationBench(server, 500, 50).run(1, 5, 20);
                }
                if (parts.contains("startup")) {
                    report.startup = new StartupBench(server,
                            root.resolve("benchmarks/startup-plain/target/quarkus-app"),
                            root.resolve("benchmarks/startup-liveconfig/target/quarkus-app"), 5).run();
                }
                if (parts.contains("writes")) {
                    report.writes.addAll(writes(server, "embedded", Syncs.embedded(server)));
                }
            }
        }
        if (parts.contains("writes")) {
            if (ThrowawayDatabase.postgresqlAvailable()) {
                try (ThrowawayDatabase database = ThrowawayDatabase.postgresql();
                        ServerProcess server = start(serverApp, database, "256m")) {
                    report.writes.addAll(writes(server, "PostgreSQL", Syncs.postgresql(database)));
                }
            } else {
                System.out.println("PostgreSQL does not answer on 127.0.0.1:5432: its write rows are skipped");
            }
        }
        if (parts.contains("scale")) {
            // More heap than the other servers: it holds, encodes and publishes a 100,000-key namespace.
            try (ServerProcess server = start(serverApp, ThrowawayDatabase.embedded(), "512m")) {
                report.scale = new ScaleBench(server, 100_000, 50).run();
            }
        }
        report.minutes = (System.nanoTime() - started) / 60e9;
        String markdown = report.markdown();
        System.out.println();
        System.out.println(markdown);
        if (doc != null && parts.size() < ALL_PARTS.size()) {
            // The document is the whole report: a part alone would drop the others' sections.
            System.out.println("Not written to " + doc + ": a partial run (--only); copy its sections by hand");
        } else if (doc != null) {
            Files.writeString(doc, markdown);
            System.out.println("Written to " + doc);
        }
        System.exit(0); // Hazelcast client threads of closed sources may linger a moment
    }

    /** Starts a server process, with {@code LIVECONFIG_BENCH_SERVER_OPTS} as further JVM options. */
    private static ServerProcess start(Path serverApp, ThrowawayDatabase database, String heap) {
        ServerProcess.Builder builder = ServerProcess.builder(serverApp).database(database).heap(heap)
                .timeouts(Duration.ofSeconds(90), Duration.ofSeconds(60));
        // For profiling a run, e.g. LIVECONFIG_BENCH_SERVER_OPTS="-XX:StartFlightRecording=filename=server.jfr".
        String options = System.getenv("LIVECONFIG_BENCH_SERVER_OPTS");
        if (options != null && !options.isBlank()) {
            builder.jvmOptions(List.of(options.trim().split("\\s+")));
        }
        return builder.start();
    }

    private static List<WriteThroughputBench.Result> writes(ServerProcess server, String label, Syncs syncs)
            throws Exception {
        return new WriteThroughputBench(server, label, Duration.ofSeconds(1), Duration.ofSeconds(4), syncs)
                .run(1, 4, 16);
    }

    /** Hazelcast and the source log through java.util.logging here: warnings only, so the tables stay readable. */
    private static void quietLogging() {
        System.setProperty("hazelcast.logging.type", "jdk");
        Logger rootLogger = Logger.getLogger("");
        rootLogger.setLevel(Level.WARNING);
        for (var handler : rootLogger.getHandlers()) {
            handler.setLevel(Level.WARNING);
        }
    }

    /** The machine, for the report's first line. */
    record Machine(int cores, String memory, String java, String os) {

        static Machine describe() {
            String memory = "?";
            try {
                for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                    if (line.startsWith("MemTotal:")) {
                        long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
                        memory = String.format(Locale.ROOT, "%.1f GiB", kib / 1024.0 / 1024.0);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // not Linux: leave it unknown
            }
            String os = System.getProperty("os.name") + " " + System.getProperty("os.version");
            try {
                for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
                    if (line.startsWith("PRETTY_NAME=")) {
                        os = line.substring(12).replace("\"", "") + ", kernel " + System.getProperty("os.version");
                    }
                }
            } catch (IOException e) {
                // keep the JVM's view
            }
            String java = System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
            return new Machine(Runtime.getRuntime().availableProcessors(), memory, java, os);
        }
    }

    /** Collects the results, then renders them as the markdown of docs/benchmarks.md. */
    static final class Report {
        final Machine machine;
        final LocalDate date;
        Map<Integer, Map<String, ReadPathRun.Score>> readPath;
        List<PropagationBench.Result> propagation;
        final List<WriteThroughputBench.Result> writes = new ArrayList<>();
        ScaleBench.Result scale;
        List<StartupBench.Result> startup;
        double minutes;

        Report(Machine machine, LocalDate date) {
            this.machine = machine;
            this.date = date;
        }

        String markdown() {
            return ReportWriter.write(this);
        }
    }
}

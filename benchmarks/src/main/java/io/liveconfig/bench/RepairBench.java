package io.liveconfig.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.liveconfig.testing.ServerProcess;

/**
 * What the server's repair costs when nothing is stale: two servers with the same namespaces, one repairing every
 * second, the other every hour; the difference in CPU time over the same idle window, divided by the passes, is the
 * cost of one pass. Run with {@code java -cp benchmarks/target/benchmarks.jar io.liveconfig.bench.RepairBench
 * [namespaces]} after a build; prints a table.
 */
public final class RepairBench {

    private static final Duration WINDOW = Duration.ofSeconds(30);

    private RepairBench() {
    }

    public static void main(String[] args) throws Exception {
        int namespaces = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        Path app = Path.of("server/target/quarkus-app");
        double repairing = idleCpuMillis(app, namespaces, "1s");
        double quiet = idleCpuMillis(app, namespaces, "1h");
        long passes = WINDOW.toSeconds();
        Table table = new Table("namespaces", "CPU in " + passes + " s, repair every 1 s (ms)",
                "CPU in " + passes + " s, repair every 1 h (ms)", "CPU per pass (ms)");
        table.row(Integer.toString(namespaces), String.format("%.0f", repairing), String.format("%.0f", quiet),
                String.format("%.2f", (repairing - quiet) / passes));
        System.out.println(table.markdown());
    }

    /** The server's CPU time over the idle window, after creating the namespaces with one entry each. */
    private static double idleCpuMillis(Path app, int namespaces, String interval) throws Exception {
        try (ServerProcess server = ServerProcess.builder(app).heap("512m")
                .jvmOptions(List.of("-Dliveconfig.cluster.repair-interval=" + interval))
                .timeouts(Duration.ofSeconds(90), Duration.ofSeconds(60))
                .start()) {
            for (int i = 0; i < namespaces; i++) {
                Rest.createNamespace(server, "repair-" + i);
                Rest.expect(server, 200, "PUT", Rest.entryPath("repair-" + i, "key"), Rest.entryBody("value"));
            }
            TimeUnit.SECONDS.sleep(5); // the last whole snapshots are published, the first passes done
            long before = server.cpuNanos();
            TimeUnit.MILLISECONDS.sleep(WINDOW.toMillis());
            return (server.cpuNanos() - before) / 1e6;
        }
    }
}

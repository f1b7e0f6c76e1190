package io.liveconfig.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The packaged LiveConfig server ({@code server/target/quarkus-app}) as a separate process on loopback, with its own
 * data directory, HTTP port, cluster name and member port, as {@code integration-tests}' ServerProcess runs it.
 */
public final class BenchServer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final int httpPort = freePort();
    private final int memberPort = freePort();
    private final String clusterName = "bench-" + UUID.randomUUID();
    private final Path dataDir;
    private final Path log;
    private final Process process;
    private final HttpClient http = client();

    /**
     * Starts the server and waits until it is ready.
     *
     * @param heap the server's -Xmx, such as {@code 256m}
     * @param extra further system properties, such as a larger body limit
     */
    public BenchServer(Path serverApp, Database database, String heap, Map<String, String> extra) throws IOException {
        Path jar = serverApp.resolve("quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No packaged server at " + jar + ": run benchmarks/run, which builds it");
        }
        dataDir = Files.createTempDirectory("liveconfig-bench-data");
        log = Files.createTempFile("liveconfig-bench-server", ".log");
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx" + heap,
                "-Dquarkus.http.port=" + httpPort,
                "-Dliveconfig.data-dir=" + dataDir,
                "-Dliveconfig.cluster.name=" + clusterName,
                "-Dliveconfig.cluster.port=" + memberPort));
        // For profiling a run, e.g. LIVECONFIG_BENCH_SERVER_OPTS="-XX:StartFlightRecording=filename=server.jfr".
        String options = System.getenv("LIVECONFIG_BENCH_SERVER_OPTS");
        if (options != null && !options.isBlank()) {
            command.addAll(1, List.of(options.trim().split("\\s+")));
        }
        database.serverProperties().forEach((key, value) -> command.add("-D" + key + "=" + value));
        extra.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", jar.toString()));
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try {
            awaitReady();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    public static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** CPU time the server process used so far, from /proc (Linux); -1 elsewhere. */
    public long cpuNanos() {
        try {
            String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
            return ticks * 10_000_000L; // USER_HZ is 100 on Linux
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    public String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    public String memberAddress() {
        return "127.0.0.1:" + memberPort;
    }

    public String clusterName() {
        return clusterName;
    }

    /** A request to the REST API with a JSON body, or none. */
    public static HttpRequest request(String base, String method, String path, String json) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .method(method, json == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json))
                .build();
    }

    /** Sends a request and fails unless the status is the expected one. */
    public HttpResponse<String> expect(int status, String method, String path, String json) {
        return expect(http, request(url(), method, path, json), status);
    }

    public static HttpResponse<String> expect(HttpClient http, HttpRequest request, int status) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != status) {
                throw new IllegalStateException(request.method() + " " + request.uri() + " answered "
                        + response.statusCode() + ", expected " + status + ": " + response.body());
            }
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public void createNamespace(String name) {
        expect(201, "POST", "/api/v1/namespaces", "{\"name\":\"" + name + "\"}");
    }

    /** PUT of one entry: the body of a single-key write. */
    public static String entryBody(String value) {
        return "{\"value\":\"" + value + "\"}";
    }

    public static String entryPath(String namespace, String key) {
        return "/api/v1/namespaces/" + namespace + "/entries/" + key;
    }

    /** The revision a write answered with, from its ETag ({@code "12"} or {@code W/"12"}). */
    public static long revision(HttpResponse<?> response) {
        String etag = response.headers().firstValue("ETag").orElseThrow();
        return Long.parseLong(etag.replaceAll("[^0-9]", ""));
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The server exited with " + process.exitValue() + "; log: " + log);
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(100);
        }
        throw new IllegalStateException("The server was not ready within " + START_TIMEOUT + "; log: " + log);
    }

    /** Stops the server (SIGTERM, then SIGKILL after 30 s) and deletes its data directory. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteTree(dataDir);
    }

    static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.liveconfig.it;

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
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The real LiveConfig server, as packaged by the build ({@code server/target/quarkus-app}), run as a separate process
 * on loopback with its own data directory, HTTP port, cluster name and member port. Restarts keep all four.
 */
public final class ServerProcess {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path appDir;
    private final Path dataDir;
    private final Path log;
    private final int httpPort = freePort();
    private final int memberPort = freePort();
    private final String clusterName = "it-" + UUID.randomUUID();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final TestDatabase database;
    /** Apps reach the member only through this link, which the member announces as its address. */
    private final LinkProxy appLink = new LinkProxy(memberPort);
    private Process process;

    /** A server on the database the build asks for ({@code -Dliveconfig.test.database}). */
    public ServerProcess() throws IOException {
        this(Path.of(System.getProperty("liveconfig.server.app-dir")), TestDatabase.fromBuild());
    }

    public ServerProcess(Path appDir, TestDatabase database) throws IOException {
        this.appDir = appDir;
        this.database = database;
        if (!Files.isRegularFile(appDir.resolve("quarkus-run.jar"))) {
            throw new IllegalStateException("No packaged server at " + appDir + ": build with ./mvnw verify");
        }
        this.dataDir = Files.createTempDirectory("liveconfig-it-data");
        this.log = Files.createTempFile("liveconfig-it-server", ".log");
    }

    public synchronized void start() {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-Dquarkus.http.port=" + httpPort,
                "-Dliveconfig.data-dir=" + dataDir,
                "-Dliveconfig.cluster.name=" + clusterName,
                "-Dliveconfig.cluster.port=" + memberPort,
                "-Dliveconfig.cluster.public-address=127.0.0.1:" + appLink.port()));
        database.serverProperties().forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", appDir.resolve("quarkus-run.jar").toString()));
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitReady();
    }

    /** Stops the server as an operator would (SIGTERM) and waits for it to exit. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Kills the server without warning (SIGKILL), as a crash or an OOM killer would. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Backs up the database of the stopped server. */
    public synchronized void backUpDatabase() throws IOException {
        requireStopped();
        database.backUp(dataDir);
    }

    /** Puts the last backup back in place of the stopped server's database, as an operator's restore would. */
    public synchronized void restoreDatabase() throws IOException {
        requireStopped();
        database.restore(dataDir);
    }

    private void requireStopped() {
        if (process != null) {
            throw new IllegalStateException("Stop the server first");
        }
    }

    public void restart() {
        stop();
        start();
    }

    /** Stops the server and drops its database, if it has one of its own. */
    public void close() {
        stop();
        appLink.close();
        database.close();
    }

    /** Sends a request with an optional JSON body to the server's REST API. */
    public HttpResponse<String> send(String method, String path, String json)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url() + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json");
        request.method(method, json == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** Where apps connect: the link through which the member announces itself. */
    public String memberAddress() {
        return "127.0.0.1:" + appLink.port();
    }

    /** The link between apps and the member, to cut and restore. */
    public LinkProxy appLink() {
        return appLink;
    }

    public String clusterName() {
        return clusterName;
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2))
                .build();
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
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("The server was not ready within " + START_TIMEOUT + "; log: " + log);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.liveconfig.quarkus.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.quarkus.deployment.builditem.Startable;

/**
 * The LiveConfig server of a dev session: the packaged server run as a child JVM on loopback, with a temporary data
 * directory, free ports and a cluster name of its own. Once ready, it creates the app's namespaces and imports the seed
 * file into the first one, through the server's REST API as its admin.
 */
final class DevLiveConfigServer implements Startable {

    private static final Pattern PUBLIC_KEY = Pattern.compile("\"publicKey\"\\s*:\\s*\"([A-Za-z0-9+/=]+)\"");

    private final DevServerSettings settings;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final String clusterName = "liveconfig-dev-" + UUID.randomUUID();
    private Path dataDir;
    private Path log;
    private int httpPort;
    private int clientPort;
    private Process process;
    private String adminToken;
    private Path tokenFile;
    /** Stops the server when the dev JVM exits without closing the dev session (a hard kill still leaves it). */
    private final Thread killOnExit = new Thread(() -> {
        Process running = process;
        if (running != null) {
            running.destroyForcibly();
        }
    }, "liveconfig-dev-server-stop");
    private List<String> publicKeys = List.of();

    DevLiveConfigServer(DevServerSettings settings) {
        this.settings = settings;
    }

    @Override
    public void start() {
        long started = System.nanoTime();
        Path jar = settings.server().resolve("quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No packaged LiveConfig server at " + jar
                    + " (quarkus.liveconfig.devservices.server)");
        }
        try {
            dataDir = Files.createTempDirectory("liveconfig-dev-data");
            // Beside the data directory, not in it: a failed start deletes that, and its message names the log.
            log = Files.createTempFile("liveconfig-dev-server", ".log");
            adminToken = newAdminToken();
            tokenFile = Files.createTempFile("liveconfig-dev-admin-token", "",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tokenFile, adminToken);
            httpPort = freePort();
            clientPort = freePort();
            int memberPort = freePort();
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx" + settings.heap(),
                    "-Dquarkus.http.host=127.0.0.1",
                    "-Dquarkus.http.port=" + httpPort,
                    "-Dliveconfig.data-dir=" + dataDir,
                    "-Dliveconfig.cluster.name=" + clusterName,
                    "-Dliveconfig.cluster.port=" + clientPort,
                    "-Dliveconfig.cluster.member.port=" + memberPort,
                    "-jar", jar.toString()));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            // The developer's own server settings (a real database, a profile, a token) are not the dev server's.
            builder.environment().keySet()
                    .removeIf(name -> name.startsWith("LIVECONFIG_") || name.startsWith("QUARKUS_"));
            builder.environment().put("LIVECONFIG_API_ADMIN_TOKEN", adminToken);
            process = builder.start();
            Runtime.getRuntime().addShutdownHook(killOnExit);
            awaitReady();
            publicKeys = readPublicKeys();
            seed();
        } catch (IOException e) {
            stop();
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
            throw new IllegalStateException(e);
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        DevServicesLogging.LOG.started(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), restUrl(),
                tokenFile, clusterName, clientAddress());
    }

    private void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + settings.startTimeout().toNanos();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(restUrl() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The LiveConfig dev server exited with " + process.exitValue()
                        + "; log: " + log);
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The LiveConfig dev server was not ready within "
                        + settings.startTimeout() + "; log: " + log);
            }
            Thread.sleep(100);
        }
    }

    private List<String> readPublicKeys() throws IOException, InterruptedException {
        String keys = call("GET", "/api/v1/signing-keys", "application/json", null, 200);
        List<String> found = new ArrayList<>();
        Matcher key = PUBLIC_KEY.matcher(keys);
        while (key.find()) {
            found.add(key.group(1));
        }
        if (found.isEmpty()) {
            throw new IllegalStateException("The LiveConfig dev server listed no signing key: " + keys);
        }
        return List.copyOf(found);
    }

    private void seed() throws IOException, InterruptedException {
        for (String namespace : settings.namespaces()) {
            call("POST", "/api/v1/namespaces", "application/json", "{\"name\":\"" + namespace + "\"}", 201);
        }
        if (settings.seed() != null) {
            call("POST", "/api/v1/namespaces/" + settings.namespaces().get(0) + "/import?format=properties&mode=merge",
                    "text/plain", settings.seed(), 200);
        }
    }

    private String call(String method, String path, String contentType, String body, int expected)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(restUrl() + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", contentType).header("Authorization", "Bearer " + adminToken)
                .method(method, body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException("The LiveConfig dev server answered " + method + " " + path + " with "
                    + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    String restUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    String clientAddress() {
        return "127.0.0.1:" + clientPort;
    }

    String clusterName() {
        return clusterName;
    }

    String publicKeys() {
        return String.join(",", publicKeys);
    }

    @Override
    public String getConnectionInfo() {
        return restUrl();
    }

    @Override
    public String getContainerId() {
        return null; // a process, not a container
    }

    /** An admin token in the server's format: {@code lct_} and 43 URL-safe characters. */
    private static String newAdminToken() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return "lct_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    @Override
    public void close() {
        stop();
        deleteQuietly(log);
        log = null;
    }

    /** Stops the process and deletes its data and token, keeping the log (which a failed start's message names). */
    private void stop() {
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // exiting already, or never added
        }
        deleteQuietly(tokenFile);
        tokenFile = null;
        if (process != null) {
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
        if (dataDir != null) {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            } catch (IOException e) {
                DevServicesLogging.LOG.debugf(e, "Could not delete %s", dataDir);
            }
            dataDir = null;
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                DevServicesLogging.LOG.debugf(e, "Could not delete %s", file);
            }
        }
    }
}

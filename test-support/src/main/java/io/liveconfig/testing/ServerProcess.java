package io.liveconfig.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;

/**
 * The real LiveConfig server as the build packages it ({@code server/target/quarkus-app}), run as a separate process on
 * loopback with its own data directory, HTTP port, cluster name, client port (where apps connect) and member port
 * (where other server members join). Restarts keep all five. Several processes become members of one cluster when they
 * are given one cluster name, one PostgreSQL database and each other's {@linkplain #memberEndpoint() member endpoints}.
 */
public final class ServerProcess implements AutoCloseable {

    private final Path jar;
    private final ThrowawayDatabase database;
    private final String heap;
    private final List<String> jvmOptions;
    private final Duration startTimeout;
    private final Duration requestTimeout;
    private final int httpPort = FreePorts.next();
    private final int clientPort;
    private final int memberPort;
    private final String publicAddress;
    private final String clusterName;
    private final List<String> members;
    private final Map<String, String> environment;
    private final boolean givenAdminToken;
    private final int httpsPort;
    private final HttpClient https;
    private final Path dataDir;
    private final boolean ownsDataDir;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;

    private ServerProcess(Builder builder) {
        jar = builder.appDir.resolve("quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No packaged server at " + jar + ": package the server module first");
        }
        database = builder.database;
        heap = builder.heap;
        jvmOptions = List.copyOf(builder.jvmOptions);
        startTimeout = builder.startTimeout;
        requestTimeout = builder.requestTimeout;
        clientPort = builder.clientPort;
        memberPort = builder.memberPort;
        publicAddress = builder.publicAddress;
        clusterName = builder.clusterName;
        members = List.copyOf(builder.members);
        environment = Map.copyOf(builder.environment);
        givenAdminToken = builder.givenAdminToken;
        httpsPort = builder.trust == null ? -1 : FreePorts.next();
        https = builder.trust == null
                ? null
                : HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(builder.trust)
                        .connectTimeout(Duration.ofSeconds(2)).build();
        ownsDataDir = builder.dataDir == null;
        dataDir = ownsDataDir ? TempDirectories.create("liveconfig-server-data") : builder.dataDir;
        try {
            log = Files.createTempFile("liveconfig-server", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A server from the packaged app in this directory. */
    public static Builder builder(Path appDir) {
        return new Builder(appDir);
    }

    /** How the server is run; every setting has a default. */
    public static final class Builder {
        private final Path appDir;
        private ThrowawayDatabase database = ThrowawayDatabase.embedded();
        private String heap = "256m";
        private final List<String> jvmOptions = new ArrayList<>();
        private Duration startTimeout = Duration.ofSeconds(60);
        private Duration requestTimeout = Duration.ofSeconds(10);
        private int clientPort = FreePorts.next();
        private int memberPort = FreePorts.next();
        private String publicAddress;
        private String clusterName = "server-process-" + UUID.randomUUID();
        private final List<String> members = new ArrayList<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private boolean givenAdminToken = true;
        private SSLContext trust;
        private Path dataDir;

        private Builder(Path appDir) {
            this.appDir = appDir;
            while (memberPort == clientPort) {
                memberPort = FreePorts.next();
            }
        }

        /** The database to run on, owned by the caller; the server's own embedded store by default. */
        public Builder database(ThrowawayDatabase value) {
            database = value;
            return this;
        }

        /** The server's -Xmx, such as {@code 256m} (the default). */
        public Builder heap(String value) {
            heap = value;
            return this;
        }

        /** Further JVM options: system properties ({@code -Dkey=value}), a flight recording. */
        public Builder jvmOptions(List<String> values) {
            jvmOptions.addAll(values);
            return this;
        }

        /**
         * How long a start may take until the server is ready (60 s by default), and a request to its REST API (10 s by
         * default).
         */
        public Builder timeouts(Duration start, Duration request) {
            startTimeout = start;
            requestTimeout = request;
            return this;
        }

        /**
         * The client endpoint's port, where apps connect (a free one by default), and the address it announces to apps
         * instead of its own, such as that of a relay in front of it.
         */
        public Builder announce(int port, String address) {
            clientPort = port;
            publicAddress = address;
            return this;
        }

        /** The member endpoint's port, where other server members join; a free one by default. */
        public Builder memberPort(int port) {
            memberPort = port;
            return this;
        }

        /** The cluster name, shared with the other members of one cluster; a name of its own by default. */
        public Builder clusterName(String value) {
            clusterName = value;
            return this;
        }

        /**
         * The other server members to join, by their {@linkplain ServerProcess#memberEndpoint() member endpoints}
         * ({@code host:port}); none by default. Members of one cluster also need one cluster name and one PostgreSQL
         * database.
         */
        public Builder members(List<String> addresses) {
            members.addAll(addresses);
            return this;
        }

        /**
         * Lets the server make its own initial admin token, as on a first real start, instead of taking
         * {@link TestTokens#ADMIN}; {@link #request} and {@link #send} then have no valid token.
         */
        public Builder generatedAdminToken() {
            givenAdminToken = false;
            return this;
        }

        /** Further environment variables of the server process, such as {@code LD_PRELOAD}. */
        public Builder environment(Map<String, String> values) {
            environment.putAll(values);
            return this;
        }

        /**
         * Serves HTTPS as well, on a free port ({@link ServerProcess#httpsUrl()}), with the key store that the caller's
         * {@code quarkus.tls.*} {@linkplain #jvmOptions JVM options} configure, and waits for readiness there, trusting
         * what this context trusts; off by default. {@link ServerProcess#request} and {@link ServerProcess#send} stay
         * on plain HTTP ({@link ServerProcess#url()}).
         */
        public Builder https(SSLContext value) {
            trust = value;
            return this;
        }

        /** The data directory, owned by the caller and kept by {@link #close()}; a new temporary one by default. */
        public Builder dataDir(Path value) {
            dataDir = value;
            return this;
        }

        /** Builds the server and starts it (see {@link ServerProcess#start()}); one that does not start is closed. */
        public ServerProcess start() {
            ServerProcess server = new ServerProcess(this);
            try {
                server.start();
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            return server;
        }
    }

    /** Starts the server and waits, within the start timeout, until it is ready. */
    public synchronized void start() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-Xmx" + heap);
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("quarkus.http.port", Integer.toString(httpPort));
        if (https != null) {
            properties.put("quarkus.http.ssl-port", Integer.toString(httpsPort));
        }
        properties.put("liveconfig.data-dir", dataDir.toString());
        properties.put("liveconfig.cluster.name", clusterName);
        properties.put("liveconfig.cluster.port", Integer.toString(clientPort));
        properties.put("liveconfig.cluster.member.port", Integer.toString(memberPort));
        if (publicAddress != null) {
            properties.put("liveconfig.cluster.public-address", publicAddress);
        }
        if (!members.isEmpty()) {
            properties.put("liveconfig.cluster.members", String.join(",", members));
        }
        if (database.isPostgresql()) {
            properties.put("quarkus.profile", "pg");
            properties.put("quarkus.datasource.postgresql.jdbc.url", database.jdbcUrl());
            properties.put("quarkus.datasource.postgresql.username", ThrowawayDatabase.USER);
        }
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", jar.toString()));
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            if (givenAdminToken) {
                builder.environment().put(TestTokens.ENVIRONMENT, TestTokens.ADMIN);
            }
            builder.environment().putAll(environment);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            if (!Await.within(startTimeout, Duration.ofMillis(100), this::ready)) {
                throw new IllegalStateException("The server was not ready within " + startTimeout + "; log: " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
            throw new IllegalStateException(e);
        } catch (RuntimeException e) {
            kill();
            throw e;
        }
    }

    private boolean ready() {
        if (!process.isAlive()) {
            throw new IllegalStateException("The server exited with " + process.exitValue() + "; log: " + log);
        }
        HttpRequest ready = HttpRequest.newBuilder(URI.create((https == null ? url() : httpsUrl()) + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        try {
            return (https == null ? http : https).send(ready, HttpResponse.BodyHandlers.discarding())
                    .statusCode() == 200;
        } catch (IOException e) {
            return false; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // ends the wait
            return false;
        }
    }

    /** Stops the server as an operator would (SIGTERM, then SIGKILL after 30 s) and waits for it to exit. */
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

    /** Whether the server's process runs: started, and neither stopped, killed nor exited. */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    public void restart() {
        stop();
        start();
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

    /**
     * Stops the server and deletes its data directory, unless it is the caller's; the database is the caller's to
     * close.
     */
    @Override
    public void close() {
        stop();
        if (ownsDataDir) {
            TempDirectories.delete(dataDir);
        }
    }

    /** A request to the REST API as its admin ({@link TestTokens#ADMIN}), with a JSON body or none. */
    public HttpRequest request(String method, String path, String json) {
        return HttpRequest.newBuilder(URI.create(url() + path)).timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .header("Authorization", TestTokens.bearer(TestTokens.ADMIN))
                .method(method, json == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json))
                .build();
    }

    /** Sends a {@link #request} and returns the response, whatever its status. */
    public HttpResponse<String> send(String method, String path, String json)
            throws IOException, InterruptedException {
        return http.send(request(method, path, json), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * The public keys of the server's signing keys, as apps trust them ({@code liveconfig.trust.public-keys}): read
     * from {@code GET /api/v1/signing-keys} while the server runs, else as last read.
     */
    public synchronized List<String> trustedKeys() {
        if (!isRunning() && lastTrustedKeys != null) {
            return lastTrustedKeys;
        }
        try {
            HttpResponse<String> keys = send("GET", "/api/v1/signing-keys", null);
            if (keys.statusCode() != 200) {
                throw new IllegalStateException("GET /api/v1/signing-keys answered " + keys.statusCode());
            }
            List<String> publicKeys = new ArrayList<>();
            Matcher key = PUBLIC_KEY.matcher(keys.body());
            while (key.find()) {
                publicKeys.add(key.group(1));
            }
            lastTrustedKeys = List.copyOf(publicKeys);
            return lastTrustedKeys;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private List<String> lastTrustedKeys;

    private static final Pattern PUBLIC_KEY = Pattern.compile("\"publicKey\"\\s*:\\s*\"([A-Za-z0-9+/=]+)\"");

    /** The file that the server's output goes to, across restarts. */
    public Path log() {
        return log;
    }

    /** The database it runs on. */
    public ThrowawayDatabase database() {
        return database;
    }

    /** The server's data directory: its embedded store, the store's marker. */
    public Path dataDir() {
        return dataDir;
    }

    public String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** The HTTPS endpoint of a server built with {@link Builder#https}. */
    public String httpsUrl() {
        if (https == null) {
            throw new IllegalStateException("This server serves no HTTPS: build it with https(...)");
        }
        return "https://127.0.0.1:" + httpsPort;
    }

    /** Where apps (Hazelcast clients) connect: the address the client endpoint announces. */
    public String clientAddress() {
        return publicAddress != null ? publicAddress : "127.0.0.1:" + clientPort;
    }

    /** Where other server members join ({@code host:port}); apps cannot connect there. */
    public String memberEndpoint() {
        return "127.0.0.1:" + memberPort;
    }

    public String clusterName() {
        return clusterName;
    }

    /** CPU time the running server process used so far, from /proc (Linux); -1 elsewhere. */
    public synchronized long cpuNanos() {
        try {
            String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
            return ticks * 10_000_000L; // USER_HZ is 100 on Linux
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}

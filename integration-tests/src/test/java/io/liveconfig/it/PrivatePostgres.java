package io.liveconfig.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.liveconfig.testing.Await;
import io.liveconfig.testing.FreePorts;
import io.liveconfig.testing.TempDirectories;
import io.liveconfig.testing.ThrowawayDatabase;

/**
 * A PostgreSQL cluster of one test's own, never the system's: made with {@code initdb} in a temporary directory and run
 * as {@code postgres} on a free port on 127.0.0.1 (superuser {@value ThrowawayDatabase#USER}, trust authentication).
 * PostgreSQL refuses to run as root, so a root test runs it as the {@code postgres} user, in a directory that user
 * owns, with {@code setpriv}: {@code runuser} would stay as a parent that copies its child's SIGSTOP and never reaps.
 */
final class PrivatePostgres implements AutoCloseable {

    private static final String OWNER = "postgres";

    private final Path bin;
    private final Path root;
    private final Path data;
    private final int port = FreePorts.next();
    private final List<String> asOwner;
    private final Path log;
    private Process process;

    private PrivatePostgres(Path bin, Path root) {
        this.bin = bin;
        this.root = root;
        this.data = root.resolve("data");
        this.log = root.resolve("postgresql.log");
        this.asOwner = "root".equals(System.getProperty("user.name"))
                ? List.of("setpriv", "--reuid=" + OWNER, "--regid=" + OWNER, "--init-groups", "--")
                : List.of();
    }

    /** A new cluster from the newest installed PostgreSQL ({@code /usr/lib/postgresql/<version>/bin}), not running. */
    static PrivatePostgres initdb() {
        Path bin = newestBinaries();
        PrivatePostgres cluster = new PrivatePostgres(bin, TempDirectories.create("liveconfig-private-postgresql"));
        try {
            if (!cluster.asOwner.isEmpty()) {
                UserPrincipal owner = cluster.root.getFileSystem().getUserPrincipalLookupService()
                        .lookupPrincipalByName(OWNER);
                Files.setOwner(cluster.root, owner);
            }
            // --no-sync: what initdb leaves is declared durable by the power cut's baseline anyway.
            List<String> initdb = new ArrayList<>(cluster.asOwner);
            initdb.addAll(List.of(bin.resolve("initdb").toString(), "-D", cluster.data.toString(), "-U",
                    ThrowawayDatabase.USER, "--auth=trust", "--encoding=UTF8", "--no-sync", "--no-instructions"));
            PowerCut.run(initdb);
        } catch (IOException e) {
            cluster.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    private static Path newestBinaries() {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(version -> version.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("initdb")))
                    .max(Comparator.comparingInt(bin -> Integer.parseInt(bin.getParent().getFileName().toString())))
                    .orElseThrow(() -> new IllegalStateException("No PostgreSQL under /usr/lib/postgresql"));
        } catch (IOException e) {
            throw new IllegalStateException("PostgreSQL binaries are needed under /usr/lib/postgresql", e);
        }
    }

    /** The cluster's data directory. */
    Path dataDir() {
        return data;
    }

    /** The {@code postgres} database of the cluster. */
    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    /**
     * Starts the cluster with these further environment variables and waits (a minute at most, crash recovery included)
     * until it accepts connections. It runs below a reaper of the power-cut tool, so that its killed processes do not
     * stay zombies whose PIDs look alive to the next postmaster.
     */
    void start(Map<String, String> environment) throws InterruptedException {
        List<String> command = new ArrayList<>(List.of(PowerCut.binaries().tool().toString(), "reap"));
        command.addAll(asOwner);
        command.add("env");
        environment.forEach((key, value) -> command.add(key + "=" + value));
        command.addAll(List.of(bin.resolve("postgres").toString(), "-D", data.toString(), "-c", "port=" + port, "-c",
                "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=" + root));
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!Await.within(Duration.ofSeconds(60), Duration.ofMillis(100), this::accepting)) {
            throw new IllegalStateException("PostgreSQL did not start within 60 s; its log:\n" + read(log));
        }
    }

    private boolean accepting() {
        if (!process.isAlive()) {
            throw new IllegalStateException("PostgreSQL exited with " + process.exitValue() + "; its log:\n"
                    + read(log));
        }
        Properties credentials = new Properties();
        credentials.setProperty("user", ThrowawayDatabase.USER);
        credentials.setProperty("connectTimeout", "2");
        try (Connection connection = new org.postgresql.Driver().connect(jdbcUrl(), credentials)) {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false; // not listening yet, or still recovering
        }
    }

    /** What the cluster logged so far, in all its runs. */
    String log() {
        return read(log);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /**
     * Freezes the postmaster and every process under it (SIGSTOP: no more forks, writes or syncs); {@link #kill(List)}
     * ends them. Between the two, the rest of the machine can be stopped as at the same instant.
     */
    List<ProcessHandle> freeze() {
        long pid = postmasterPid();
        signal("STOP", List.of(pid)); // first: it cannot fork while its children are listed
        List<ProcessHandle> processes = new ArrayList<>();
        ProcessHandle.of(pid).ifPresent(processes::add);
        ProcessHandle.of(pid).ifPresent(postmaster -> postmaster.descendants().forEach(processes::add));
        signal("STOP", processes.stream().map(ProcessHandle::pid).toList());
        return processes;
    }

    /** Kills the frozen processes with SIGKILL and waits until all of them are gone. */
    void kill(List<ProcessHandle> frozen) throws InterruptedException {
        signal("KILL", frozen.stream().map(ProcessHandle::pid).toList());
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            throw new IllegalStateException("PostgreSQL processes still there 20 s after SIGKILL: " + frozen);
        }
    }

    private long postmasterPid() {
        try {
            return Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("The cluster is not running", e);
        }
    }

    private static void signal(String signal, List<Long> pids) {
        if (pids.isEmpty()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal, "--"));
        pids.forEach(pid -> command.add(Long.toString(pid)));
        try {
            PowerCut.run(command);
        } catch (IllegalStateException e) {
            // a process already gone: the others got the signal
        }
    }

    /** Stops the cluster (fast shutdown; kills it if that takes over 30 s) and deletes its directory. */
    @Override
    public void close() {
        try {
            if (process != null && process.isAlive()) {
                signal("INT", List.of(postmasterPid()));
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    kill(freeze());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly); // no lock file: kill what is there
        }
        TempDirectories.delete(root);
    }
}

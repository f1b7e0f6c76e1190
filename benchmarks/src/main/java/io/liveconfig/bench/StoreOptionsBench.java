package io.liveconfig.bench;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import io.liveconfig.testing.TempDirectories;

/**
 * The embedded store's options, measured bare (plain JDBC, no server), for the decision in docs/durability.md: how much
 * a durable commit costs on this disk with each, and whether concurrent writers can share syncs. Each commit inserts a
 * 200-character row and updates a counter row, like a small revision. Run with
 * {@code java -cp benchmarks/target/benchmarks.jar io.liveconfig.bench.StoreOptionsBench [seconds per cell]}.
 */
public final class StoreOptionsBench {

    private StoreOptionsBench() {
    }

    /** One way to commit durably (or not): opens its store in a directory, commits, says how many syncs it made. */
    private interface Option {
        String name();

        Connection open(Path dir) throws Exception;

        /** After the transaction's commit: whatever makes it durable, if anything; returns syncs made. */
        long afterCommit(Connection connection) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        Table table = new Table("store", "durable", "writers", "commits/s", "p50 (ms)", "p99 (ms)",
                "syncs/commit");
        for (Option option : options()) {
            for (int writers : new int[]{1, 4, 16}) {
                Path dir = TempDirectories.create("store-options");
                try {
                    run(option, dir, writers, seconds / 3, null); // warm-up, unreported
                    Files.list(dir).forEach(file -> file.toFile().delete());
                    run(option, dir, writers, seconds, table);
                } finally {
                    TempDirectories.delete(dir);
                }
            }
        }
        System.out.println(table.markdown());
    }

    private static void run(Option option, Path dir, int writers, double seconds, Table table) throws Exception {
        try (Connection setup = option.open(dir); Statement sql = setup.createStatement()) {
            sql.execute("CREATE TABLE IF NOT EXISTS change_row (id BIGINT, body VARCHAR(256))");
            sql.execute("CREATE TABLE IF NOT EXISTS counter (id INT PRIMARY KEY, n BIGINT)");
            sql.execute("DELETE FROM counter");
            sql.execute("INSERT INTO counter VALUES (1, 0)");
        }
        ReentrantLock writeLock = new ReentrantLock(); // one writer at a time, as the server's WalSync does
        AtomicLong commits = new AtomicLong();
        AtomicLong syncs = new AtomicLong();
        Latencies latency = new Latencies();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        List<Thread> threads = new ArrayList<>();
        List<Exception> failures = new ArrayList<>();
        String body = "x".repeat(200);
        for (int w = 0; w < writers; w++) {
            Thread thread = new Thread(() -> {
                try (Connection connection = option.open(dir)) {
                    connection.setAutoCommit(false);
                    PreparedStatement insert = connection.prepareStatement("INSERT INTO change_row VALUES (?, ?)");
                    PreparedStatement update = connection.prepareStatement("UPDATE counter SET n = n + 1 WHERE id = 1");
                    while (System.nanoTime() < end) {
                        long start = System.nanoTime();
                        writeLock.lock();
                        try {
                            insert.setLong(1, start);
                            insert.setString(2, body);
                            insert.executeUpdate();
                            update.executeUpdate();
                            connection.commit();
                        } finally {
                            writeLock.unlock();
                        }
                        syncs.addAndGet(option.afterCommit(connection));
                        latency.add(System.nanoTime() - start);
                        commits.incrementAndGet();
                    }
                } catch (Exception e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join((long) (seconds * 1000) + 30_000);
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
        if (table != null) {
            table.row(option.name().split(";")[0], option.name().split(";")[1], writers,
                    String.format("%,.0f", commits.get() / seconds), Latencies.ms(latency.p50()),
                    Latencies.ms(latency.p99()), String.format("%.2f", (double) syncs.get() / commits.get()));
        }
    }

    private static List<Option> options() {
        GroupSync group = new GroupSync();
        return List.of(
                simple("H2 2.4, WRITE_DELAY=0;no", dir -> h2(dir), connection -> 0),
                simple("H2 2.4, CHECKPOINT SYNC after each commit;yes", dir -> h2(dir), connection -> {
                    try (Statement sql = connection.createStatement()) {
                        sql.execute("CHECKPOINT SYNC");
                    }
                    return 1;
                }),
                simple("SQLite WAL, synchronous=NORMAL;no", dir -> sqlite(dir, "NORMAL"), connection -> 0),
                simple("SQLite WAL, synchronous=FULL (syncs inside each commit);yes", dir -> sqlite(dir, "FULL"),
                        connection -> 1),
                simple("SQLite WAL, NORMAL + shared fdatasync of the WAL (the server's WalSync);yes",
                        dir -> group.open(dir), connection -> group.afterCommit()));
    }

    private static Connection h2(Path dir) throws SQLException {
        return DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("h2") + ";WRITE_DELAY=0", "sa", "");
    }

    private static Connection sqlite(Path dir, String synchronous) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("store.db") + "?journal_mode=WAL&synchronous="
                + synchronous + "&busy_timeout=10000");
    }

    /** The server's group commit, bare: a sync covers every commit made before it began. */
    private static final class GroupSync {
        private final ReentrantLock syncing = new ReentrantLock();
        private final AtomicLong committed = new AtomicLong();
        private long synced;
        private FileChannel wal;
        private Path walFile;

        Connection open(Path dir) throws Exception {
            Connection connection = sqlite(dir, "NORMAL");
            synchronized (this) {
                Path file = dir.resolve("store.db-wal");
                if (!file.equals(walFile)) {
                    try (Statement sql = connection.createStatement()) {
                        sql.execute("CREATE TABLE IF NOT EXISTS wal_exists (x INT)");
                    }
                    wal = FileChannel.open(file, StandardOpenOption.WRITE);
                    walFile = file;
                    committed.set(0);
                    synced = 0;
                }
            }
            return connection;
        }

        long afterCommit() throws Exception {
            long ticket = committed.incrementAndGet();
            syncing.lock();
            try {
                if (synced >= ticket) {
                    return 0;
                }
                long covered = committed.get();
                wal.force(false);
                synced = covered;
                return 1;
            } finally {
                syncing.unlock();
            }
        }
    }

    @FunctionalInterface
    private interface Opener {
        Connection open(Path dir) throws Exception;
    }

    @FunctionalInterface
    private interface AfterCommit {
        long run(Connection connection) throws Exception;
    }

    private static Option simple(String name, Opener opener, AfterCommit after) {
        return new Option() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Connection open(Path dir) throws Exception {
                return opener.open(dir);
            }

            @Override
            public long afterCommit(Connection connection) throws Exception {
                return after.run(connection);
            }
        };
    }
}
